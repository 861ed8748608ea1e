package dev.ledgerline.schemas;

import java.math.BigInteger;

import dev.ledgerline.core.CoordinatorDecisions;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionHash;
import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * Builds the public transaction records (Blnk's immutable record chain). The processor writes them and
 * the gateway answers with the same ones (a QUEUED 201 must equal the durable QUEUED record), so both
 * use this one class. Ids and references follow docs/design/transactions-v2.md; every record's
 * {@code hash} is recomputable from its stored fields ({@link TransactionHash}).
 */
public final class TransactionRecords {

    private TransactionRecords() {
    }

    /** The durable QUEUED (or SCHEDULED) record: the same fields and hash the gateway answered with. */
    public static TransactionRecord queued(TransactionSpec spec) {
        TransactionStatus status = CoordinatorDecisions.initialStatus(spec.getScheduledForMs() != null,
                spec.getSkipQueue());
        return record(spec, spec.getTransactionId(), spec.getParentTransaction(), spec.getReference(),
                spec.getSource(), spec.getDestination(), spec.getPreciseAmount(), status, null, spec.getCreatedAtMs());
    }

    /**
     * The outcome of the transaction itself: {@code <reference>_q} linked to the QUEUED record, or, with
     * skip_queue (no QUEUED record), the request's own id and reference.
     */
    public static TransactionRecord outcome(TransactionSpec spec, TransactionStatus status, RejectionReason reason,
                                            long nowMs) {
        return record(spec, outcomeId(spec), outcomeParent(spec), outcomeReference(spec), spec.getSourceId(),
                spec.getDestinationId(), spec.getPreciseAmount(), status, reason, nowMs);
    }

    /** The record of the {@code sequence}-th commit (APPLIED) or void (VOID) of an inflight transaction. */
    public static TransactionRecord action(TransactionSpec spec, boolean commit, int sequence, String amount, long nowMs) {
        String reference = Ids.actionReference(spec.getReference(), commit, sequence);
        return record(spec, Ids.actionTransactionId(spec.getTransactionId(), sequence), outcomeId(spec), reference,
                spec.getSourceId(), spec.getDestinationId(), amount,
                commit ? TransactionStatus.APPLIED : TransactionStatus.VOID, null, nowMs);
    }

    /** The REJECTED record that reports a second submission of an already used reference. */
    public static TransactionRecord duplicate(TransactionSpec duplicate, String requestId, long nowMs) {
        return record(duplicate, Ids.duplicateRejectionId(duplicate.getTransactionId(), requestId),
                duplicate.getTransactionId(), Ids.duplicateReference(duplicate.getReference(), requestId),
                duplicate.getSource(), duplicate.getDestination(), duplicate.getPreciseAmount(),
                TransactionStatus.REJECTED, RejectionReason.DUPLICATE_REFERENCE, nowMs);
    }

    /** The id of the record that holds the transaction's outcome (the INFLIGHT record, for actions to point at). */
    public static String outcomeId(TransactionSpec spec) {
        return spec.getSkipQueue() ? spec.getTransactionId() : Ids.outcomeTransactionId(spec.getTransactionId());
    }

    private static String outcomeParent(TransactionSpec spec) {
        return spec.getSkipQueue() ? spec.getParentTransaction() : spec.getTransactionId();
    }

    private static String outcomeReference(TransactionSpec spec) {
        return spec.getSkipQueue() ? spec.getReference() : Ids.outcomeReference(spec.getReference());
    }

    /** The refund of {@code original}: legs swapped, overdraft allowed, its own derived id and reference. */
    public static TransactionSpec refundOf(TransactionSpec original, BigInteger amount, String description, String metaDataJson,
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

    private static TransactionRecord record(TransactionSpec spec, String transactionId, String parent, String reference,
                                            String source, String destination, String preciseAmount, TransactionStatus status,
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
                .setStatus(status.name())
                .setRejectionCode(reason == null ? null : reason.name())
                .setRejectionMessage(reason == null ? null : reason.message())
                .setAllowOverdraft(spec.getAllowOverdraft())
                .setOverdraftLimit(spec.getOverdraftLimit())
                .setInflight(spec.getInflight() && (status == TransactionStatus.INFLIGHT
                        || status == TransactionStatus.QUEUED || status == TransactionStatus.SCHEDULED))
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
                        new BigInteger(preciseAmount), spec.getPrecision(), spec.getCurrency(), status.name(), createdAtMs))
                .build();
    }
}
