package dev.ledgerline.processor;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.TransactionRecords;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.InflightLeg;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.PrepareCredit;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * Keyed by transaction id, which is derived from the reference: every submission of one reference
 * meets here, so a duplicate is seen by the single owner of that reference and never applies, even
 * when sent concurrently. Holds each transaction's lifecycle (status, hold, commits, refund), decides
 * commit/void/refund requests with {@link TransactionLifecycle}, starts the legs, and fires durable
 * deadlines (scheduled start, inflight expiry and auto-commit) from a wall-clock punctuator.
 */
final class TransactionCoordinatorProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinatorProcessor.class);
    private static final AvroSerde<TransactionCommand> COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final AvroSerde<LegOutcome> OUTCOMES = AvroSerde.of(LegOutcome.class);
    static final Duration DEADLINE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Object> context;
    private Emitter emitter;
    private KeyValueStore<String, TransactionState> transactions;
    private Deadlines deadlines;

    TransactionCoordinatorProcessor(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.emitter = new Emitter(context);
        this.transactions = context.getStateStore(StoreNames.TRANSACTIONS_STORE);
        this.deadlines = new Deadlines(context.getStateStore(StoreNames.DEADLINES_STORE));
        context.schedule(DEADLINE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fireDueDeadlines);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        if (Topics.TRANSACTION_OUTCOMES.equals(topic)) {
            recordOutcome(OUTCOMES.decode(record.value()));
            return;
        }
        TransactionCommand command;
        try {
            command = COMMANDS.decode(record.value());
        } catch (RuntimeException undecodable) {
            metrics.malformed();
            log.warn("skipping undecodable transaction command with key {}: {}", record.key(), undecodable.toString());
            return;
        }
        Object payload = command.getPayload();
        if (payload instanceof RecordTransaction recordTransaction) {
            recordTransaction(command.getRequestId(), recordTransaction.getTransaction(), record.timestamp(),
                    record.headers());
        } else if (payload instanceof InflightAction action) {
            inflightAction(command.getRequestId(), action, record.timestamp(), record.headers());
        } else if (payload instanceof RefundTransaction refund) {
            refund(command.getRequestId(), refund, record.headers());
        }
    }

    // --- new transactions ------------------------------------------------------------------------

    private void recordTransaction(String requestId, TransactionSpec spec, long nowMs, Headers headers) {
        String transactionId = spec.getTransactionId();
        if (transactions.get(transactionId) != null) {
            TransactionRecord duplicate = TransactionRecords.duplicate(spec, requestId, nowMs);
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, duplicate, headers);
            replyIfSynchronous(spec, requestId, RejectionReason.DUPLICATE_REFERENCE, headers);
            metrics.rejected(RejectionReason.DUPLICATE_REFERENCE);
            metrics.outcome(TransactionLifecycle.REJECTED, spec);
            return;
        }
        if (!wellFormed(spec)) {
            reject(requestId, spec, RejectionReason.MALFORMED_COMMAND, nowMs, headers);
            return;
        }
        boolean scheduled = spec.getScheduledForMs() != null && !spec.getSkipQueue();
        String status = scheduled ? TransactionLifecycle.SCHEDULED : TransactionLifecycle.QUEUED;
        transactions.put(transactionId, TransactionStates.newState(spec, status, null, nowMs));
        if (!spec.getSkipQueue()) {
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, TransactionRecords.queued(spec), headers);
            metrics.transaction(status, spec.getCurrency());
        }
        if (scheduled) {
            deadlines.add(spec.getScheduledForMs(), Deadlines.START, transactionId);
            return;
        }
        startLegs(requestId, spec, headers);
    }

    /** The short path of a transfer: check the destination first, then debit, then credit. */
    private void startLegs(String requestId, TransactionSpec spec, Headers headers) {
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getDestinationId(),
                new BalanceCommand(spec.getSkipQueue() ? requestId : null, new PrepareCredit(spec)), headers);
    }

    private void reject(String requestId, TransactionSpec spec, RejectionReason reason, long nowMs, Headers headers) {
        transactions.put(spec.getTransactionId(),
                TransactionStates.newState(spec, TransactionLifecycle.REJECTED, reason, nowMs));
        if (!spec.getSkipQueue()) {
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(), TransactionRecords.queued(spec), headers);
        }
        emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(),
                TransactionRecords.outcome(spec, TransactionLifecycle.REJECTED, reason, nowMs), headers);
        replyIfSynchronous(spec, requestId, reason, headers);
        metrics.rejected(reason);
        metrics.outcome(TransactionLifecycle.REJECTED, spec);
    }

    // --- outcomes of legs ------------------------------------------------------------------------

    private void recordOutcome(LegOutcome outcome) {
        TransactionState state = transactions.get(outcome.getTransactionId());
        if (state == null) {
            throw new LedgerInvariantViolation("outcome for unknown transaction " + outcome.getTransactionId());
        }
        if (outcome.getSequence() > 0) {
            return; // commit/void legs: the state changed when the action was accepted
        }
        TransactionState.Builder next = TransactionState.newBuilder(state).setStatus(outcome.getStatus())
                .setRejectionCode(outcome.getRejectionCode()).setUpdatedAtMs(outcome.getDecidedAtMs())
                .setOutcomeCreatedAtMs(outcome.getDecidedAtMs());
        TransactionSpec spec = state.getTransaction();
        if (TransactionLifecycle.INFLIGHT.equals(outcome.getStatus())) {
            next.setHeldAmount(spec.getPreciseAmount());
            if (spec.getInflightExpiryMs() != null) {
                deadlines.add(spec.getInflightExpiryMs(), Deadlines.EXPIRE, spec.getTransactionId());
            }
            if (spec.getInflightCommitMs() != null) {
                deadlines.add(spec.getInflightCommitMs(), Deadlines.COMMIT, spec.getTransactionId());
            }
        }
        transactions.put(outcome.getTransactionId(), next.build());
    }

    // --- commit and void -------------------------------------------------------------------------

    private void inflightAction(String requestId, InflightAction action, long nowMs, Headers headers) {
        TransactionState state = transactions.get(action.getTransactionId());
        TransactionLifecycle.State lifecycle = TransactionStates.lifecycle(state);
        boolean commit;
        TransactionLifecycle.ActionDecision decision;
        if ("commit".equals(action.getAction())) {
            commit = true;
            decision = TransactionLifecycle.commit(lifecycle,
                    action.getPreciseAmount() == null ? null : parseAmount(action.getPreciseAmount()));
        } else if ("void".equals(action.getAction())) {
            commit = false;
            decision = TransactionLifecycle.voidRemaining(lifecycle);
        } else {
            reply(requestId, () -> Replies.rejected(requestId, action.getTransactionId(),
                    RejectionReason.INVALID_STATUS_ACTION), headers);
            return;
        }
        if (!decision.isAccepted()) {
            reply(requestId, () -> Replies.rejected(requestId, action.getTransactionId(), decision.refusal()), headers);
            return;
        }
        TransactionSpec spec = state.getTransaction();
        startHoldAction(spec, state, commit, decision.accepted(), action.getSkipQueue() ? requestId : null, nowMs,
                headers);
        if (!action.getSkipQueue()) {
            TransactionRecord inflight = TransactionRecords.outcome(spec, TransactionLifecycle.INFLIGHT, null,
                    state.getOutcomeCreatedAtMs() == null ? state.getUpdatedAtMs() : state.getOutcomeCreatedAtMs());
            reply(requestId, () -> Replies.ok(requestId, spec.getTransactionId(), inflight), headers);
        }
    }

    /** Reserves the action in the transaction's state, then sends its first leg (source side). */
    private void startHoldAction(TransactionSpec spec, TransactionState state, boolean commit,
                                 TransactionLifecycle.Accepted accepted, String replyTo, long nowMs, Headers headers) {
        int sequence = state.getActions() + 1;
        TransactionState.Builder next = TransactionState.newBuilder(state).setActions(sequence).setUpdatedAtMs(nowMs);
        if (commit) {
            next.setCommittedAmount(new BigInteger(state.getCommittedAmount()).add(accepted.amount()).toString());
            if (accepted.completes()) {
                next.setStatus(TransactionLifecycle.APPLIED);
            }
        } else {
            next.setVoided(true).setStatus(TransactionLifecycle.VOID);
        }
        transactions.put(spec.getTransactionId(), next.build());
        InflightLeg leg = new InflightLeg(spec, commit ? "commit" : "void", accepted.amount().toString(), sequence,
                "source");
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getSourceId(), new BalanceCommand(replyTo, leg), headers);
    }

    // --- refunds ---------------------------------------------------------------------------------

    private void refund(String requestId, RefundTransaction refund, Headers headers) {
        TransactionState state = transactions.get(refund.getTransactionId());
        TransactionLifecycle.State lifecycle = TransactionStates.lifecycle(state);
        Optional<RejectionReason> refusal = TransactionLifecycle.refund(lifecycle);
        if (refusal.isPresent()) {
            reply(requestId, () -> Replies.rejected(requestId, refund.getTransactionId(), refusal.get()), headers);
            return;
        }
        TransactionSpec original = state.getTransaction();
        BigInteger amount = TransactionLifecycle.refundAmount(lifecycle, new BigInteger(original.getPreciseAmount()));
        TransactionSpec refundSpec = TransactionRecords.refundOf(original, amount, refund.getDescription(),
                refund.getMetaDataJson(), refund.getSkipQueue(), refund.getCreatedAtMs());
        transactions.put(refund.getTransactionId(), TransactionState.newBuilder(state).setRefunded(true).build());
        // The refund is a transaction of its own, owned by the coordinator of its (derived) id.
        emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, refundSpec.getTransactionId(),
                new TransactionCommand(requestId, refund.getCreatedAtMs(), new RecordTransaction(refundSpec,
                        refund.getSkipQueue())), headers);
        if (!refund.getSkipQueue()) {
            reply(requestId, () -> Replies.ok(requestId, refundSpec.getTransactionId(), TransactionRecords.queued(refundSpec)),
                    headers);
        }
    }

    // --- deadlines -------------------------------------------------------------------------------

    private void fireDueDeadlines(long nowMs) {
        Headers none = new RecordHeaders();
        for (Deadlines.Due due : deadlines.dueAt(nowMs)) {
            deadlines.remove(due);
            TransactionState state = transactions.get(due.transactionId());
            if (state == null) {
                continue;
            }
            TransactionSpec spec = state.getTransaction();
            TransactionLifecycle.State lifecycle = TransactionStates.lifecycle(state);
            switch (due.kind()) {
                case Deadlines.START -> {
                    if (TransactionLifecycle.SCHEDULED.equals(state.getStatus())) {
                        transactions.put(due.transactionId(), TransactionState.newBuilder(state)
                                .setStatus(TransactionLifecycle.QUEUED).setUpdatedAtMs(nowMs).build());
                        startLegs(null, spec, none);
                    }
                }
                case Deadlines.EXPIRE -> {
                    TransactionLifecycle.ActionDecision voiding = TransactionLifecycle.voidRemaining(lifecycle);
                    if (voiding.isAccepted()) {
                        startHoldAction(spec, state, false, voiding.accepted(), null, nowMs, none);
                    }
                }
                case Deadlines.COMMIT -> {
                    TransactionLifecycle.ActionDecision committing = TransactionLifecycle.commit(lifecycle, null);
                    if (committing.isAccepted()) {
                        startHoldAction(spec, state, true, committing.accepted(), null, nowMs, none);
                    }
                }
                default -> throw new LedgerInvariantViolation("unknown deadline kind " + due.kind());
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void replyIfSynchronous(TransactionSpec spec, String requestId, RejectionReason reason, Headers headers) {
        if (spec.getSkipQueue()) {
            reply(requestId, () -> Replies.rejected(requestId, spec.getTransactionId(), reason), headers);
        }
    }

    /** Answers a waiting gateway; commands nobody waits for carry no request id. */
    private void reply(String requestId, Supplier<Reply> reply, Headers headers) {
        if (requestId != null) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, reply.get(), headers);
        }
    }

    private static BigInteger parseAmount(String amount) {
        try {
            return new BigInteger(amount);
        } catch (NumberFormatException malformed) {
            return BigInteger.ONE.negate();
        }
    }

    /** Fields the gateway should have validated; a command from another writer might not be. */
    private static boolean wellFormed(TransactionSpec spec) {
        try {
            WireMapper.transfer(spec);
            return spec.getPrecision() > 0 && !spec.getCurrency().isEmpty();
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
