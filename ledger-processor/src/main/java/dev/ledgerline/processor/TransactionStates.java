package dev.ledgerline.processor;

import java.math.BigInteger;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/** The coordinator's internal lifecycle values: leg outcomes and transaction states, and their view for ledger-core. */
final class TransactionStates {

    private TransactionStates() {
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
}
