package dev.ledgerline.processor;

import java.math.BigInteger;

import dev.ledgerline.core.Balance;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.OpenBalance;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionHash;
import dev.ledgerline.core.Transfer;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/** Pure, total mapping between the Avro wire types and ledger-core's types. The only class that imports both. */
final class WireMapper {

    static final String QUEUED = "QUEUED";
    static final String APPLIED = "APPLIED";
    static final String REJECTED = "REJECTED";

    private WireMapper() {
    }

    static Transfer transfer(TransactionSpec spec) {
        long effectiveAt = spec.getEffectiveDateMs() != null ? spec.getEffectiveDateMs() : spec.getCreatedAtMs();
        return new Transfer(
                spec.getTransactionId(),
                spec.getSourceId(),
                spec.getDestinationId(),
                Ids.isIndicator(spec.getSource()) ? spec.getSource() : null,
                Ids.isIndicator(spec.getDestination()) ? spec.getDestination() : null,
                new BigInteger(spec.getPreciseAmount()),
                spec.getCurrency(),
                spec.getAllowOverdraft(),
                new BigInteger(spec.getOverdraftLimit()),
                effectiveAt);
    }

    static OpenBalance openBalance(dev.ledgerline.wire.v1.OpenBalance wire) {
        return new OpenBalance(wire.getBalanceId(), wire.getLedgerId(), wire.getCurrency(), wire.getIndicator(),
                wire.getIdentityId(), wire.getMetaDataJson(), wire.getCreatedAtMs());
    }

    static Balance balance(BalanceState state) {
        if (state == null) {
            return null;
        }
        return new Balance(state.getBalanceId(), state.getLedgerId(), state.getCurrency(), state.getIndicator(),
                state.getIdentityId(), new BigInteger(state.getCreditBalance()), new BigInteger(state.getDebitBalance()),
                new BigInteger(state.getInflightCreditBalance()), new BigInteger(state.getInflightDebitBalance()),
                state.getVersion(), state.getHeadHash(), state.getCreatedAtMs(), state.getMetaDataJson());
    }

    static BalanceState balanceState(Balance balance) {
        return BalanceState.newBuilder()
                .setBalanceId(balance.balanceId())
                .setLedgerId(balance.ledgerId())
                .setCurrency(balance.currency())
                .setIndicator(balance.indicator())
                .setIdentityId(balance.identityId())
                .setCreditBalance(balance.creditBalance().toString())
                .setDebitBalance(balance.debitBalance().toString())
                .setInflightCreditBalance(balance.inflightCreditBalance().toString())
                .setInflightDebitBalance(balance.inflightDebitBalance().toString())
                .setVersion(balance.version())
                .setHeadHash(balance.headHash())
                .setCreatedAtMs(balance.createdAtMs())
                .setMetaDataJson(balance.metaDataJson())
                .build();
    }

    static BalanceEntry entry(Entry entry) {
        return BalanceEntry.newBuilder()
                .setBalanceId(entry.balanceId())
                .setVersion(entry.version())
                .setKind(EntryKind.valueOf(entry.kind().name()))
                .setLedgerId(entry.ledgerId())
                .setCurrency(entry.currency())
                .setIndicator(entry.indicator())
                .setIdentityId(entry.identityId())
                .setTransactionId(entry.transactionId())
                .setAmount(entry.amount().toString())
                .setBalance(entry.balance().toString())
                .setCreditBalance(entry.creditBalance().toString())
                .setDebitBalance(entry.debitBalance().toString())
                .setInflightBalance(entry.inflightBalance().toString())
                .setInflightCreditBalance(entry.inflightCreditBalance().toString())
                .setInflightDebitBalance(entry.inflightDebitBalance().toString())
                .setMetaDataJson(entry.metaDataJson())
                .setBalanceCreatedAtMs(entry.balanceCreatedAtMs())
                .setRecordedAtMs(entry.recordedAtMs())
                .setEffectiveAtMs(entry.effectiveAtMs())
                .setPrevHash(entry.prevHash())
                .setHash(entry.hash())
                .build();
    }

    static LegOutcome legOutcome(String transactionId, String status, RejectionReason reason, long decidedAtMs) {
        return LegOutcome.newBuilder().setTransactionId(transactionId).setStatus(status)
                .setRejectionCode(reason == null ? null : reason.name()).setDecidedAtMs(decidedAtMs).build();
    }

    static TransactionState transactionState(TransactionSpec spec, String status, String rejectionCode, long updatedAtMs) {
        return TransactionState.newBuilder().setTransaction(spec).setStatus(status).setRejectionCode(rejectionCode)
                .setUpdatedAtMs(updatedAtMs).build();
    }

    /** The durable QUEUED record: the same fields and hash the gateway answered with. */
    static TransactionRecord queuedRecord(TransactionSpec spec) {
        return record(spec, spec.getTransactionId(), "", spec.getReference(), spec.getSource(), spec.getDestination(),
                QUEUED, null, spec.getCreatedAtMs());
    }

    /** The {@code <reference>_q} outcome record, linked to the QUEUED record by {@code parent_transaction}. */
    static TransactionRecord outcomeRecord(TransactionSpec spec, String status, RejectionReason reason, long nowMs) {
        return record(spec, Ids.outcomeTransactionId(spec.getTransactionId()), spec.getTransactionId(),
                spec.getReference() + "_q", spec.getSourceId(), spec.getDestinationId(), status, reason, nowMs);
    }

    /** The REJECTED record that reports a second submission of an already used reference. */
    static TransactionRecord duplicateRecord(TransactionSpec duplicate, String requestId, long nowMs) {
        return record(duplicate, Ids.duplicateRejectionId(duplicate.getTransactionId(), requestId),
                duplicate.getTransactionId(), duplicate.getReference() + "_dup_" + requestId,
                duplicate.getSource(), duplicate.getDestination(), REJECTED, RejectionReason.DUPLICATE_REFERENCE, nowMs);
    }

    private static TransactionRecord record(TransactionSpec spec, String transactionId, String parent, String reference,
                                            String source, String destination, String status, RejectionReason reason,
                                            long createdAtMs) {
        BigInteger amount = new BigInteger(spec.getPreciseAmount());
        return TransactionRecord.newBuilder()
                .setTransactionId(transactionId)
                .setParentTransaction(parent)
                .setReference(reference)
                .setSource(source)
                .setDestination(destination)
                .setPreciseAmount(spec.getPreciseAmount())
                .setPrecision(spec.getPrecision())
                .setCurrency(spec.getCurrency())
                .setDescription(spec.getDescription())
                .setStatus(status)
                .setRejectionCode(reason == null ? null : reason.name())
                .setRejectionMessage(reason == null ? null : reason.message())
                .setAllowOverdraft(spec.getAllowOverdraft())
                .setOverdraftLimit(spec.getOverdraftLimit())
                .setInflight(spec.getInflight())
                .setMetaDataJson(spec.getMetaDataJson())
                .setCreatedAtMs(createdAtMs)
                .setEffectiveDateMs(spec.getEffectiveDateMs())
                .setHash(TransactionHash.of(transactionId, parent, reference, source, destination, amount,
                        spec.getPrecision(), spec.getCurrency(), status, createdAtMs))
                .build();
    }
}
