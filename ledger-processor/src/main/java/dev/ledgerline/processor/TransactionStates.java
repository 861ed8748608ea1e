package dev.ledgerline.processor;

import java.math.BigInteger;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * The coordinator's stored values (leg outcomes, transaction states) and their view for ledger-core: statuses are
 * {@link TransactionStatus} in code and its name on the wire and in the stores.
 */
final class TransactionStates {

    private TransactionStates() {
    }

    static LegOutcome legOutcome(String transactionId, TransactionStatus status, RejectionReason reason,
                                 long decidedAtMs, int sequence, String amount) {
        return LegOutcome.newBuilder().setTransactionId(transactionId).setStatus(status.name())
                .setRejectionCode(reason == null ? null : reason.name()).setDecidedAtMs(decidedAtMs)
                .setSequence(sequence).setAmount(amount).build();
    }

    static TransactionState newState(TransactionSpec spec, TransactionStatus status, RejectionReason reason,
                                     long updatedAtMs) {
        return TransactionState.newBuilder().setTransaction(spec).setStatus(status.name())
                .setRejectionCode(reason == null ? null : reason.name()).setUpdatedAtMs(updatedAtMs).build();
    }

    static TransactionStatus status(TransactionState state) {
        return TransactionStatus.fromWire(state.getStatus());
    }

    static TransactionStatus status(LegOutcome outcome) {
        return TransactionStatus.fromWire(outcome.getStatus());
    }

    static TransactionLifecycle.State lifecycle(TransactionState state) {
        if (state == null) {
            return new TransactionLifecycle.State(null, BigInteger.ZERO, BigInteger.ZERO, false, false);
        }
        return new TransactionLifecycle.State(status(state), new BigInteger(state.getHeldAmount()),
                new BigInteger(state.getCommittedAmount()), state.getVoided(), state.getRefunded());
    }

    /** The stored state with what ledger-core decided written back: status, committed amount, voided, refunded. */
    static TransactionState.Builder withLifecycle(TransactionState state, TransactionLifecycle.State lifecycle) {
        return TransactionState.newBuilder(state).setStatus(lifecycle.status().name())
                .setHeldAmount(lifecycle.held().toString()).setCommittedAmount(lifecycle.committed().toString())
                .setVoided(lifecycle.voided()).setRefunded(lifecycle.refunded());
    }
}
