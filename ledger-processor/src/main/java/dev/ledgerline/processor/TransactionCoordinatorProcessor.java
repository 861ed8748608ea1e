package dev.ledgerline.processor;

import java.math.BigDecimal;
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

import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.CoordinatorDecisions;
import dev.ledgerline.core.CoordinatorDecisions.Deadline;
import dev.ledgerline.core.CoordinatorDecisions.DeadlineStep;
import dev.ledgerline.core.CoordinatorDecisions.SettleHold;
import dev.ledgerline.core.CoordinatorDecisions.SettleStep;
import dev.ledgerline.core.CoordinatorDecisions.StartLegs;
import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.core.TransactionMetadataPatches;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.TransactionRecords;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.GroupActionResult;
import dev.ledgerline.wire.v1.GroupDecision;
import dev.ledgerline.wire.v1.GroupLegResult;
import dev.ledgerline.wire.v1.StartAtSource;
import dev.ledgerline.wire.v1.StartGroup;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.InflightLeg;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.PatchTransactionMetadata;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionMetadataRecord;
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
    private GroupCoordinator groups;
    private KeyValueStore<String, TransactionMetadataRecord> metadata;

    TransactionCoordinatorProcessor(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.emitter = new Emitter(context);
        this.transactions = context.getStateStore(StoreNames.TRANSACTIONS_STORE);
        this.deadlines = new Deadlines(context.getStateStore(StoreNames.DEADLINES_STORE));
        this.groups = new GroupCoordinator(emitter, metrics, context.getStateStore(StoreNames.GROUPS_STORE),
                context.getStateStore(StoreNames.GROUP_LEGS_STORE), context.getStateStore(StoreNames.GROUP_ACTIONS_STORE),
                transactions);
        this.metadata = context.getStateStore(StoreNames.TRANSACTION_METADATA_STORE);
        context.schedule(DEADLINE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fireDueDeadlines);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        if (Topics.TRANSACTION_OUTCOMES.equals(topic)) {
            recordOutcome(OUTCOMES.decode(record.value()), record.headers());
            return;
        }
        TransactionCommand command;
        try {
            command = COMMANDS.decode(record.value());
        } catch (RuntimeException undecodable) {
            metrics.malformed();
            throw undecodable; // set aside whole into the dead-letter topic (DeadLetterGuard)
        }
        Object payload = command.getPayload();
        if (payload instanceof RecordTransaction recordTransaction) {
            recordTransaction(command.getRequestId(), recordTransaction.getTransaction(), record.timestamp(),
                    record.headers());
        } else if (payload instanceof InflightAction action) {
            inflightAction(command.getRequestId(), action, record.timestamp(), record.headers());
        } else if (payload instanceof RefundTransaction refund) {
            refund(command.getRequestId(), refund, record.headers());
        } else if (payload instanceof StartGroup group) {
            startGroup(command.getRequestId(), group, command.getAcceptedAtMs(), record.timestamp(), record.headers());
        } else if (payload instanceof GroupLegResult result) {
            groups.legResult(result, record.headers());
        } else if (payload instanceof GroupDecision decision) {
            groupDecision(decision, record.timestamp(), record.headers());
        } else if (payload instanceof GroupActionResult answer) {
            groups.actionAnswered(answer, record.headers());
        } else if (payload instanceof PatchTransactionMetadata patch) {
            patchMetadata(command.getRequestId(), patch, record.headers());
        }
    }

    // --- new transactions ------------------------------------------------------------------------

    private void recordTransaction(String requestId, TransactionSpec spec, long nowMs, Headers headers) {
        String transactionId = spec.getTransactionId();
        if (transactions.get(transactionId) != null || groups.exists(transactionId)) {
            TransactionRecord duplicate = TransactionRecords.duplicate(spec, requestId, nowMs);
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, duplicate, headers);
            replyIfSynchronous(spec, requestId, RejectionReason.DUPLICATE_REFERENCE, headers);
            reportToGroup(spec, TransactionStatus.REJECTED, RejectionReason.DUPLICATE_REFERENCE, nowMs, headers);
            metrics.rejected(RejectionReason.DUPLICATE_REFERENCE);
            metrics.outcome(TransactionStatus.REJECTED, spec);
            return;
        }
        if (!wellFormed(spec)) {
            reject(requestId, spec, RejectionReason.MALFORMED_COMMAND, nowMs, headers);
            return;
        }
        TransactionStatus status = CoordinatorDecisions.initialStatus(spec.getScheduledForMs() != null,
                spec.getSkipQueue());
        transactions.put(transactionId, TransactionStates.newState(spec, status, null, nowMs));
        if (!spec.getSkipQueue()) {
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, TransactionRecords.queued(spec), headers);
            metrics.transaction(status, spec.getCurrency());
        }
        if (status == TransactionStatus.SCHEDULED) {
            deadlines.add(spec.getScheduledForMs(), Deadline.START, transactionId);
            return;
        }
        startLegs(requestId, spec, headers);
    }

    /**
     * The short path of a transfer starts at the source, which debits at once when it already knows the destination
     * passes its check, else sends it to the destination first (BalanceWorkerProcessor#startAtSource); the credit
     * follows the debit.
     */
    private void startLegs(String requestId, TransactionSpec spec, Headers headers) {
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getSourceId(),
                new BalanceCommand(waiting(spec) ? requestId : null, new StartAtSource(spec)), headers);
    }

    private void reject(String requestId, TransactionSpec spec, RejectionReason reason, long nowMs, Headers headers) {
        transactions.put(spec.getTransactionId(),
                TransactionStates.newState(spec, TransactionStatus.REJECTED, reason, nowMs));
        if (!spec.getSkipQueue()) {
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(), TransactionRecords.queued(spec), headers);
        }
        emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(),
                TransactionRecords.outcome(spec, TransactionStatus.REJECTED, reason, nowMs), headers);
        replyIfSynchronous(spec, requestId, reason, headers);
        reportToGroup(spec, TransactionStatus.REJECTED, reason, nowMs, headers);
        metrics.rejected(reason);
        metrics.outcome(TransactionStatus.REJECTED, spec);
    }

    // --- outcomes of legs ------------------------------------------------------------------------

    private void recordOutcome(LegOutcome outcome, Headers headers) {
        TransactionState state = transactions.get(outcome.getTransactionId());
        if (state == null) {
            throw new LedgerInvariantViolation("outcome for unknown transaction " + outcome.getTransactionId());
        }
        if (outcome.getSequence() > 0) {
            return; // commit/void legs: the state changed when the action was accepted
        }
        if (state.getTransaction().getReserve()) {
            reservedLegOutcome(state, outcome, headers);
            return;
        }
        TransactionStatus reported = TransactionStates.status(outcome);
        reportToGroup(state.getTransaction(), reported, outcome.getRejectionCode() == null ? null
                : RejectionReason.fromName(outcome.getRejectionCode()), outcome.getDecidedAtMs(), headers);
        TransactionStatus status = CoordinatorDecisions.afterOutcome(false, reported);
        TransactionState.Builder next = TransactionState.newBuilder(state).setStatus(status.name())
                .setRejectionCode(outcome.getRejectionCode()).setUpdatedAtMs(outcome.getDecidedAtMs())
                .setOutcomeCreatedAtMs(outcome.getDecidedAtMs());
        TransactionSpec spec = state.getTransaction();
        if (CoordinatorDecisions.holdsFor(reported)) {
            next.setHeldAmount(spec.getPreciseAmount());
            registerHoldDeadlines(spec);
        }
        transactions.put(outcome.getTransactionId(), next.build());
    }

    private void registerHoldDeadlines(TransactionSpec spec) {
        if (spec.getInflightExpiryMs() != null) {
            deadlines.add(spec.getInflightExpiryMs(), Deadline.EXPIRE, spec.getTransactionId());
        }
        if (spec.getInflightCommitMs() != null) {
            deadlines.add(spec.getInflightCommitMs(), Deadline.COMMIT, spec.getTransactionId());
        }
    }

    // --- splits and bulk -------------------------------------------------------------------------

    private void startGroup(String requestId, StartGroup group, long acceptedAtMs, long nowMs, Headers headers) {
        RejectionReason refusal = groups.start(requestId, group, acceptedAtMs, headers);
        if (refusal == null) {
            return;
        }
        if (group.getSkipQueue()) {
            reply(requestId, () -> Replies.rejected(requestId, group.getGroupId(), refusal), headers);
        }
        if (refusal == RejectionReason.DUPLICATE_REFERENCE && !group.getLegs().isEmpty()) {
            // Visible like any duplicate: a REJECTED record under the group's (already used) id and reference.
            TransactionSpec first = group.getLegs().get(0);
            TransactionSpec asGroup = TransactionSpec.newBuilder(first).setTransactionId(group.getGroupId())
                    .setReference(group.getReference()).setParentTransaction("").setGroupId("").setLegIndex(0).build();
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, group.getGroupId(),
                    TransactionRecords.duplicate(asGroup, requestId, nowMs), headers);
        }
        metrics.rejected(refusal);
    }

    /**
     * A reserve leg's hold (or its refusal) is known: remember it and tell the group. The public outcome waits for the
     * group's decision, so no leg of an atomic group is ever shown APPLIED while another can still fail.
     */
    private void reservedLegOutcome(TransactionState state, LegOutcome outcome, Headers headers) {
        if (!CoordinatorDecisions.takesReserveOutcome(TransactionStates.status(state))) {
            return; // the settle or release of a decided leg: its state changed when the group decided
        }
        TransactionSpec spec = state.getTransaction();
        TransactionStatus status = CoordinatorDecisions.afterOutcome(true, TransactionStates.status(outcome));
        boolean held = status == TransactionStatus.RESERVED;
        transactions.put(spec.getTransactionId(), TransactionState.newBuilder(state).setStatus(status.name())
                .setRejectionCode(outcome.getRejectionCode()).setUpdatedAtMs(outcome.getDecidedAtMs())
                .setOutcomeCreatedAtMs(outcome.getDecidedAtMs())
                .setHeldAmount(held ? spec.getPreciseAmount() : "0").build());
        RejectionReason reason = outcome.getRejectionCode() == null ? null
                : RejectionReason.fromName(outcome.getRejectionCode());
        GroupCoordinator.report(emitter, spec, held ? GroupCoordinator.HELD : status.name(), reason,
                outcome.getDecidedAtMs(), headers);
    }

    /** The group settled or aborted: act on this leg if it is held; anything else has nothing left to release. */
    private void groupDecision(GroupDecision decision, long nowMs, Headers headers) {
        TransactionState state = transactions.get(decision.getTransactionId());
        if (state == null) {
            return;
        }
        TransactionSpec spec = state.getTransaction();
        SettleStep step = CoordinatorDecisions.onGroupVerdict(TransactionStates.status(state),
                decision.getGroupId().equals(spec.getGroupId()), GroupCoordinator.verdict(decision), spec.getInflight());
        if (step == SettleStep.NOTHING) {
            return;
        }
        String held = state.getHeldAmount();
        TransactionState.Builder next = TransactionState.newBuilder(state)
                .setStatus(CoordinatorDecisions.afterSettleStep(step).name()).setUpdatedAtMs(nowMs);
        switch (step) {
            case RELEASE -> {
                transactions.put(spec.getTransactionId(),
                        next.setRejectionCode(RejectionReason.GROUP_ABORTED.name()).build());
                sendSettlement(spec, "void", held, headers);
            }
            case KEEP_INFLIGHT -> {
                transactions.put(spec.getTransactionId(), next.build());
                registerHoldDeadlines(spec);
                emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(), TransactionRecords.outcome(spec,
                        TransactionStatus.INFLIGHT, null, state.getOutcomeCreatedAtMs()), headers);
                metrics.outcome(TransactionStatus.INFLIGHT, spec);
            }
            case COMMIT -> {
                // From here on it is an ordinary applied transfer: no hold left to commit or void.
                transactions.put(spec.getTransactionId(), next.setHeldAmount("0").build());
                sendSettlement(spec, "commit", held, headers);
            }
            case NOTHING -> throw new LedgerInvariantViolation("unreachable");
        }
    }

    /** Sequence 0: the settlement of the transaction's own reservation, which ends in its {@code _q} outcome record. */
    private void sendSettlement(TransactionSpec spec, String action, String amount, Headers headers) {
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getSourceId(),
                new BalanceCommand(null, new InflightLeg(spec, action, amount, 0, "source", null)), headers);
    }

    /** A leg of a tracked group tells its group how it ended (or that its hold is in place). */
    private void reportToGroup(TransactionSpec spec, TransactionStatus status, RejectionReason reason, long nowMs,
                               Headers headers) {
        if (!spec.getGroupId().isEmpty()) {
            GroupCoordinator.report(emitter, spec, status.name(), reason, nowMs, headers);
        }
    }

    // --- commit and void -------------------------------------------------------------------------

    private void inflightAction(String requestId, InflightAction action, long nowMs, Headers headers) {
        TransactionState state = transactions.get(action.getTransactionId());
        if (state == null && groups.exists(action.getTransactionId())) {
            groupInflightAction(requestId, action, headers);
            return;
        }
        TransactionLifecycle.State lifecycle = TransactionStates.lifecycle(state);
        boolean commit;
        TransactionLifecycle.ActionDecision decision;
        if ("commit".equals(action.getAction())) {
            commit = true;
            decision = commitDecision(lifecycle, state, action);
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
            TransactionRecord inflight = TransactionRecords.outcome(spec, TransactionStatus.INFLIGHT, null,
                    state.getOutcomeCreatedAtMs() == null ? state.getUpdatedAtMs() : state.getOutcomeCreatedAtMs());
            reply(requestId, () -> Replies.ok(requestId, spec.getTransactionId(), inflight), headers);
        }
    }

    /**
     * A commit or void that names a split's or bulk batch's id reaches every leg, from the group's own list of legs
     * (never from the read model, which may not hold them all yet). Only in full: a partial amount names one leg.
     */
    private void groupInflightAction(String requestId, InflightAction action, Headers headers) {
        String groupId = action.getTransactionId();
        RejectionReason refusal = null;
        if (!"commit".equals(action.getAction()) && !"void".equals(action.getAction())) {
            refusal = RejectionReason.INVALID_STATUS_ACTION;
        } else if (action.getPreciseAmount() != null || action.getAmount() != null) {
            refusal = RejectionReason.GROUP_PARTIAL_COMMIT;
        }
        if (refusal != null) {
            RejectionReason reason = refusal;
            reply(requestId, () -> Replies.rejected(requestId, groupId, reason), headers);
            return;
        }
        groups.actOnEveryLeg(requestId, groupId, legId -> InflightAction.newBuilder(action)
                .setTransactionId(legId).build(), headers);
    }

    /** Reserves the action in the transaction's state, then sends its first leg (source side). */
    private void startHoldAction(TransactionSpec spec, TransactionState state, boolean commit,
                                 TransactionLifecycle.Accepted accepted, String replyTo, long nowMs, Headers headers) {
        int sequence = state.getActions() + 1;
        TransactionLifecycle.State after = CoordinatorDecisions.afterAction(TransactionStates.lifecycle(state), commit,
                accepted);
        transactions.put(spec.getTransactionId(), TransactionStates.withLifecycle(state, after).setActions(sequence)
                .setUpdatedAtMs(nowMs).build());
        InflightLeg leg = new InflightLeg(spec, commit ? "commit" : "void", accepted.amount().toString(), sequence,
                "source", null);
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getSourceId(), new BalanceCommand(replyTo, leg), headers);
    }

    // --- refunds ---------------------------------------------------------------------------------

    private void refund(String requestId, RefundTransaction refund, Headers headers) {
        TransactionState state = transactions.get(refund.getTransactionId());
        if (state == null && groups.exists(refund.getTransactionId())) {
            // A split's or bulk batch's id refunds every leg, each by its own coordinator, from the group's own legs.
            groups.actOnEveryLeg(requestId, refund.getTransactionId(), legId ->
                    RefundTransaction.newBuilder(refund).setTransactionId(legId).build(), headers);
            return;
        }
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
        transactions.put(refund.getTransactionId(),
                TransactionStates.withLifecycle(state, CoordinatorDecisions.afterRefund(lifecycle)).build());
        // The refund is a transaction of its own, owned by the coordinator of its (derived) id.
        emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, refundSpec.getTransactionId(),
                new TransactionCommand(requestId, refund.getCreatedAtMs(), new RecordTransaction(refundSpec,
                        refund.getSkipQueue())), headers);
        if (!refund.getSkipQueue()) {
            reply(requestId, () -> Replies.ok(requestId, refundSpec.getTransactionId(), TransactionRecords.queued(refundSpec)),
                    headers);
        }
    }

    // --- metadata ------------------------------------------------------------------------------

    /**
     * Merges a {@code POST /{id}/metadata} patch into the patches the id received before and publishes them. The answer
     * shows the transaction's own meta_data with every patch on top (a group has no meta_data of its own: its patches).
     */
    private void patchMetadata(String requestId, PatchTransactionMetadata patch, Headers headers) {
        String id = patch.getTargetId();
        TransactionMetadataRecord previous = metadata.get(id);
        TransactionState state = transactions.get(id);
        boolean known = state != null || previous != null || groups.exists(id);
        String merged = MetaData.shallowMergeAll(previous == null ? null : previous.getPatchJson(), patch.getPatchJson());
        String shown = MetaData.shallowMergeAll(state == null ? null : state.getTransaction().getMetaDataJson(), merged);
        Optional<RejectionReason> refusal = TransactionMetadataPatches.refusal(known, patch.getRowSeen(), shown);
        if (refusal.isPresent()) {
            reply(requestId, () -> Replies.rejected(requestId, id, refusal.get()), headers);
            return;
        }
        TransactionMetadataRecord patched = new TransactionMetadataRecord(id, merged,
                TransactionMetadataPatches.nextVersion(previous == null ? null : previous.getVersion()),
                patch.getPatchedAtMs());
        metadata.put(id, patched);
        emitter.emit(LedgerTopology.TRANSACTION_METADATA_SINK, id, patched, headers);
        reply(requestId, () -> {
            Reply ok = Replies.ok(requestId, id);
            ok.setMetaDataJson(shown);
            return ok;
        }, headers);
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
            DeadlineStep step = CoordinatorDecisions.onDeadline(TransactionStates.lifecycle(state), due.kind());
            if (step instanceof StartLegs) {
                transactions.put(due.transactionId(), TransactionState.newBuilder(state)
                        .setStatus(TransactionStatus.QUEUED.name()).setUpdatedAtMs(nowMs).build());
                startLegs(null, spec, none);
            } else if (step instanceof SettleHold settle) {
                startHoldAction(spec, state, settle.commit(), settle.accepted(), null, nowMs, none);
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A caller waits for this transaction itself (skip_queue), not for a group it is a leg of. */
    private static boolean waiting(TransactionSpec spec) {
        return spec.getSkipQueue() && spec.getLegIndex() == 0;
    }

    private void replyIfSynchronous(TransactionSpec spec, String requestId, RejectionReason reason, Headers headers) {
        if (waiting(spec)) {
            reply(requestId, () -> Replies.rejected(requestId, spec.getTransactionId(), reason), headers);
        }
    }

    /** Answers a waiting gateway, or the group that sent this leg its action (ReplyRoute). */
    private void reply(String requestId, Supplier<Reply> reply, Headers headers) {
        ReplyRoute.send(emitter, requestId, reply, headers);
    }

    /** precise_amount wins; otherwise a major amount is converted here, with the transaction's own precision. */
    private static TransactionLifecycle.ActionDecision commitDecision(TransactionLifecycle.State lifecycle,
                                                                      TransactionState state, InflightAction action) {
        if (action.getPreciseAmount() != null || action.getAmount() == null) {
            return TransactionLifecycle.commit(lifecycle,
                    action.getPreciseAmount() == null ? null : parseAmount(action.getPreciseAmount()));
        }
        BigDecimal major;
        try {
            major = new BigDecimal(action.getAmount());
        } catch (NumberFormatException malformed) {
            major = BigDecimal.ONE.negate();
        }
        long precision = state == null ? 1 : state.getTransaction().getPrecision();
        return TransactionLifecycle.commitMajor(lifecycle, precision, major);
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
