package dev.ledgerline.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The rules a transaction's coordinator applies to actions on it (commit, void, refund). Pure.
 * Checks run in {@link RejectionReason} precedence order. A commit is reserved the moment it is
 * accepted ({@code committed += amount}), so actions that arrive together can never commit more
 * than the hold.
 */
public final class TransactionLifecycle {

    private TransactionLifecycle() {
    }

    /** Where a transaction stands at its coordinator; {@code status} is null when the coordinator never saw it. */
    public record State(TransactionStatus status, BigInteger held, BigInteger committed, boolean voided, boolean refunded) {

        public BigInteger remaining() {
            return held.subtract(committed);
        }

        boolean fullyCommitted() {
            return held.signum() > 0 && committed.equals(held);
        }
    }

    /** An accepted action: {@code amount} moves; {@code completes} when nothing stays held afterwards. */
    public record Accepted(BigInteger amount, boolean completes) {
    }

    /** Either an accepted action or the reason it is refused. */
    public record ActionDecision(Accepted accepted, RejectionReason refusal) {

        static ActionDecision accept(BigInteger amount, boolean completes) {
            return new ActionDecision(new Accepted(amount, completes), null);
        }

        static ActionDecision refuse(RejectionReason reason) {
            return new ActionDecision(null, reason);
        }

        public boolean isAccepted() {
            return accepted != null;
        }
    }

    /** Commit {@code requested} minor units of the hold, or all that remains when {@code requested} is null or zero. */
    public static ActionDecision commit(State state, BigInteger requested) {
        // AMOUNT_MUST_BE_POSITIVE precedes TRANSACTION_NOT_FOUND and the other state checks (RejectionReason order)
        if (requested != null && requested.signum() < 0) {
            return ActionDecision.refuse(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }
        Optional<RejectionReason> notHeld = notHeld(state);
        if (notHeld.isPresent()) {
            return ActionDecision.refuse(notHeld.get());
        }
        BigInteger amount = requested == null || requested.signum() == 0 ? state.remaining() : requested;
        if (amount.compareTo(state.remaining()) > 0) {
            return ActionDecision.refuse(RejectionReason.COMMIT_AMOUNT_EXCEEDED);
        }
        return ActionDecision.accept(amount, amount.equals(state.remaining()));
    }

    /**
     * Commit {@code major} units, converted with the transaction's own {@code precision}. The coordinator
     * does the conversion because it holds the transaction; the gateway's read model may not have it yet.
     * An amount under one minor unit is refused: zero would otherwise mean "all that remains".
     */
    public static ActionDecision commitMajor(State state, long precision, BigDecimal major) {
        Optional<RejectionReason> notHeld = notHeld(state);
        if (notHeld.isPresent()) {
            return ActionDecision.refuse(notHeld.get());
        }
        BigInteger minor;
        try {
            minor = Amounts.toPrecise(major, precision);
        } catch (InvalidAmountException invalid) {
            return ActionDecision.refuse(invalid.reason());
        }
        if (minor.signum() <= 0) {
            return ActionDecision.refuse(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }
        return commit(state, minor);
    }

    /** Release all that remains of the hold. */
    public static ActionDecision voidRemaining(State state) {
        Optional<RejectionReason> notHeld = notHeld(state);
        return notHeld.map(ActionDecision::refuse).orElseGet(() -> ActionDecision.accept(state.remaining(), true));
    }

    /** A transaction can be refunded once, and only when it is APPLIED (settled in full). */
    public static Optional<RejectionReason> refund(State state) {
        if (state.status() == null) {
            return Optional.of(RejectionReason.TRANSACTION_NOT_FOUND);
        }
        if (state.refunded()) {
            return Optional.of(RejectionReason.ALREADY_REFUNDED);
        }
        if (state.status() != TransactionStatus.APPLIED) {
            return Optional.of(RejectionReason.NOT_REFUNDABLE);
        }
        return Optional.empty();
    }

    /** The amount a refund moves back: what was settled (a committed hold, or the whole transfer). */
    public static BigInteger refundAmount(State state, BigInteger transactionAmount) {
        return state.held().signum() > 0 ? state.committed() : transactionAmount;
    }

    private static Optional<RejectionReason> notHeld(State state) {
        if (state.status() == null) {
            return Optional.of(RejectionReason.TRANSACTION_NOT_FOUND);
        }
        if (state.voided() || state.status() == TransactionStatus.VOID) {
            return Optional.of(RejectionReason.ALREADY_VOIDED);
        }
        if (state.fullyCommitted()) {
            return Optional.of(RejectionReason.ALREADY_COMMITTED);
        }
        if (state.status() != TransactionStatus.INFLIGHT) {
            return Optional.of(RejectionReason.NOT_INFLIGHT);
        }
        return Optional.empty();
    }
}
