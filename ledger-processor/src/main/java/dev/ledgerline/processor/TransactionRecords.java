package dev.ledgerline.processor;

import java.math.BigInteger;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionHash;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * Builds the public transaction records (Blnk's immutable record chain) and the internal lifecycle
 * values. Ids and references follow docs/design/transactions-v2.md; every record's {@code hash}
 * is recomputable from its stored fields ({@link TransactionHash}).
 */
final class TransactionRecords {

    private TransactionRecords() {
    }

    /** The durable QUEUED (or SCHEDULED) record: the same fields and hash the gateway answered with. */
    static TransactionRecord queued(TransactionSpec spec) {
        String status = spec.getScheduledForMs() != null && !spec.getSkipQueue()
                ? TransactionLifecycle.SCHEDULED : TransactionLifecycle.QUEUED;
        return record(spec, spec.getTransactionId(), spec.getParentTransaction(), spec.getReference(),
                spec.getSource(), spec.getDestination(), spec.getPreciseAmount(), status, null, spec.getCreatedAtMs());
    }

    /**
     * The outcome of the transaction itself: {@code <reference>_q} linked to the QUEUED record, or, with
     * skip_queue (no QUEUED record), the request's own id and reference.
     */
    static TransactionRecord outcome(TransactionSpec spec, String status, RejectionReason reason, long nowMs) {
        return record(spec, outcomeId(spec), outcomeParent(spec), outcomeReference(spec), spec.getSourceId(),
                spec.getDestinationId(), spec.getPreciseAmount(), status, reason, nowMs);
    }

    /** The record of the {@code sequence}-th commit (APPLIED) or void (VOID) of an inflight transaction. */
    static TransactionRecord action(TransactionSpec spec, boolean commit, int sequence, String amount, long nowMs) {
        String reference = spec.getReference() + (commit ? "_commit_" : "_void_") + sequence;
        return record(spec, Ids.actionTransactionId(spec.getTransactionId(), sequence), outcomeId(spec), reference,
                spec.getSourceId(), spec.getDestinationId(), amount,
                commit ? TransactionLifecycle.APPLIED : TransactionLifecycle.VOID, null, nowMs);
    }

    /** The REJECTED record that reports a second submission of an already used reference. */
    static TransactionRecord duplicate(TransactionSpec duplicate, String requestId, long nowMs) {
        return record(duplicate, Ids.duplicateRejectionId(duplicate.getTransactionId(), requestId),
                duplicate.getTransactionId(), duplicate.getReference() + "_dup_" + requestId,
                duplicate.getSource(), duplicate.getDestination(), duplicate.getPreciseAmount(),
                TransactionLifecycle.REJECTED, RejectionReason.DUPLICATE_REFERENCE, nowMs);
    }

    /** The id of the record that holds the transaction's outcome (the INFLIGHT record, for actions to point at). */
    static String outcomeId(TransactionSpec spec) {
        return spec.getSkipQueue() ? spec.getTransactionId() : Ids.outcomeTransactionId(spec.getTransactionId());
    }

    private static String outcomeParent(TransactionSpec spec) {
        return spec.getSkipQueue() ? spec.getParentTransaction() : spec.getTransactionId();
    }

    private static String outcomeReference(TransactionSpec spec) {
        return spec.getSkipQueue() ? spec.getReference() : spec.getReference() + "_q";
    }

    /** The refund of {@code original}: legs swapped, overdraft allowed, its own derived id and reference. */
    static TransactionSpec refundOf(TransactionSpec original, BigInteger amount, String description, String metaDataJson,
                                    boolean skipQueue, long createdAtMs) {
        String reference = Ids.refundReference(original.getTransactionId());
        return TransactionSpec.newBuilder()
                .setTransactionId(Ids.transactionIdForReference(reference))
                .setReference(reference)
                .setSource(original.getDestinationId())
                .setDestination(original.getSourceId())
                .setSourceId(original.getDestinationId())
                .setDestinationId(original.getSourceId())
                .setPreciseAmount(amount.toString())
                .setPrecision(original.getPrecision())
                .setCurrency(original.getCurrency())
                .setDescription(description != null ? description : original.getDescription())
                .setAllowOverdraft(true)
                .setOverdraftLimit("0")
                .setInflight(false)
                .setMetaDataJson(metaDataJson != null ? metaDataJson : original.getMetaDataJson())
                .setCreatedAtMs(createdAtMs)
                .setEffectiveDateMs(null)
                .setSkipQueue(skipQueue)
                .setParentTransaction(original.getTransactionId())
                .build();
    }

    static LegOutcome legOutcome(String transactionId, String status, RejectionReason reason, long decidedAtMs,
                                 int sequence, String amount) {
        return LegOutcome.newBuilder().setTransactionId(transactionId).setStatus(status)
                .setRejectionCode(reason == null ? null : reason.name()).setDecidedAtMs(decidedAtMs)
                .setSequence(sequence).setAmount(amount).build();
    }

    static TransactionState newState(TransactionSpec spec, String status, RejectionReason reason, long updatedAtMs) {
        return TransactionState.newBuilder().setTransaction(spec).setStatus(status)
                .setRejectionCode(reason == null ? null : reason.name()).setUpdatedAtMs(updatedAtMs).build();
    }

    static TransactionLifecycle.State lifecycle(TransactionState state) {
        if (state == null) {
            return new TransactionLifecycle.State(null, BigInteger.ZERO, BigInteger.ZERO, false, false);
        }
        return new TransactionLifecycle.State(state.getStatus(), new BigInteger(state.getHeldAmount()),
                new BigInteger(state.getCommittedAmount()), state.getVoided(), state.getRefunded());
    }

    private static TransactionRecord record(TransactionSpec spec, String transactionId, String parent, String reference,
                                            String source, String destination, String preciseAmount, String status,
                                            RejectionReason reason, long createdAtMs) {
        return TransactionRecord.newBuilder()
                .setTransactionId(transactionId)
                .setParentTransaction(parent)
                .setReference(reference)
                .setSource(source)
                .setDestination(destination)
                .setPreciseAmount(preciseAmount)
                .setPrecision(spec.getPrecision())
                .setCurrency(spec.getCurrency())
                .setDescription(spec.getDescription())
                .setStatus(status)
                .setRejectionCode(reason == null ? null : reason.name())
                .setRejectionMessage(reason == null ? null : reason.message())
                .setAllowOverdraft(spec.getAllowOverdraft())
                .setOverdraftLimit(spec.getOverdraftLimit())
                .setInflight(spec.getInflight() && TransactionLifecycle.INFLIGHT.equals(status)
                        || spec.getInflight() && (TransactionLifecycle.QUEUED.equals(status)
                        || TransactionLifecycle.SCHEDULED.equals(status)))
                .setMetaDataJson(spec.getMetaDataJson())
                .setCreatedAtMs(createdAtMs)
                .setEffectiveDateMs(spec.getEffectiveDateMs())
                .setSourceBalanceId(spec.getSourceId())
                .setDestinationBalanceId(spec.getDestinationId())
                .setSkipQueue(spec.getSkipQueue())
                .setScheduledForMs(spec.getScheduledForMs())
                .setInflightExpiryMs(spec.getInflightExpiryMs())
                .setInflightCommitMs(spec.getInflightCommitMs())
                .setHash(TransactionHash.of(transactionId, parent, reference, source, destination,
                        new BigInteger(preciseAmount), spec.getPrecision(), spec.getCurrency(), status, createdAtMs))
                .build();
    }
}
