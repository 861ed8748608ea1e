package dev.ledgerline.core;

import java.math.BigInteger;

import dev.ledgerline.core.TransactionLifecycle.Accepted;
import dev.ledgerline.core.TransactionLifecycle.ActionDecision;
import dev.ledgerline.core.TransactionLifecycle.State;

/**
 * The state transitions of a transaction at its coordinator, apart from Kafka: what a new transaction starts as, what
 * a leg's outcome, a group's decision, an accepted commit or void and a due deadline do to it. Pure and deterministic;
 * the processor's coordinator only reads its stores, calls these and writes what they say.
 */
public final class CoordinatorDecisions {

    /** The durable timers a transaction can have. */
    public enum Deadline {
        /** Start a scheduled transaction. */
        START,
        /** Void what remains of a hold ({@code inflight_expiry_date}). */
        EXPIRE,
        /** Commit what remains of a hold ({@code inflight_commit_date}). */
        COMMIT
    }

    /** What an atomic group decided for one of its reserved legs. */
    public enum GroupVerdict {
        /** Every leg is held: settle (commit the hold, or keep it INFLIGHT when the group is inflight). */
        SETTLE,
        /** Another leg was refused: release the hold; the leg ends REJECTED. */
        ABORT
    }

    /** What a reserved leg does on its group's verdict. */
    public enum SettleStep {
        /** Not (or no longer) a reserved leg of that group: nothing to do. */
        NOTHING,
        /** Release the hold (void, sequence 0); the leg is REJECTED with {@code GROUP_ABORTED}. */
        RELEASE,
        /** Keep the hold as an ordinary inflight transaction: publish INFLIGHT, register its deadlines. */
        KEEP_INFLIGHT,
        /** Commit the hold (sequence 0); the leg is an ordinary applied transfer from here on. */
        COMMIT
    }

    /** What a due deadline does. */
    public sealed interface DeadlineStep permits NothingDue, StartLegs, SettleHold {
    }

    /** The deadline no longer applies (started, committed or voided meanwhile). */
    public record NothingDue() implements DeadlineStep {
    }

    /** A scheduled transaction is due: it becomes QUEUED and its legs start. */
    public record StartLegs() implements DeadlineStep {
    }

    /** Commit ({@code commit}) or void what remains of the hold, as a client's action would. */
    public record SettleHold(boolean commit, Accepted accepted) implements DeadlineStep {
    }

    private CoordinatorDecisions() {
    }

    /** A new transaction waits for {@code scheduled_for} unless it is sent with {@code skip_queue}. */
    public static TransactionStatus initialStatus(boolean scheduled, boolean skipQueue) {
        return scheduled && !skipQueue ? TransactionStatus.SCHEDULED : TransactionStatus.QUEUED;
    }

    /**
     * The first outcome (sequence 0) of a transaction's legs, which is its own: APPLIED, INFLIGHT (the hold is in
     * place: {@link #holdsFor}) or REJECTED. A reserve leg's INFLIGHT means its hold is in place for its group.
     */
    public static TransactionStatus afterOutcome(boolean reserveLeg, TransactionStatus reported) {
        if (reserveLeg) {
            return reported == TransactionStatus.INFLIGHT ? TransactionStatus.RESERVED : TransactionStatus.REJECTED;
        }
        return reported;
    }

    /** Only a reserve leg still waiting for its hold takes its first outcome; later ones changed it already. */
    public static boolean takesReserveOutcome(TransactionStatus current) {
        return current == TransactionStatus.QUEUED;
    }

    /** An outcome INFLIGHT starts the hold's deadlines; the amount held is the whole transaction's. */
    public static boolean holdsFor(TransactionStatus reported) {
        return reported == TransactionStatus.INFLIGHT;
    }

    /** A group's verdict on one of its legs, which acts only when the leg is still RESERVED for that same group. */
    public static SettleStep onGroupVerdict(TransactionStatus current, boolean sameGroup, GroupVerdict verdict,
                                            boolean inflight) {
        if (current != TransactionStatus.RESERVED || !sameGroup) {
            return SettleStep.NOTHING;
        }
        if (verdict == GroupVerdict.ABORT) {
            return SettleStep.RELEASE;
        }
        return inflight ? SettleStep.KEEP_INFLIGHT : SettleStep.COMMIT;
    }

    /** The status a reserved leg ends in after {@code step}. */
    public static TransactionStatus afterSettleStep(SettleStep step) {
        return switch (step) {
            case RELEASE -> TransactionStatus.REJECTED;
            case KEEP_INFLIGHT -> TransactionStatus.INFLIGHT;
            case COMMIT -> TransactionStatus.APPLIED;
            case NOTHING -> throw new LedgerInvariantViolation("nothing to settle");
        };
    }

    /**
     * The state once an accepted commit or void is reserved in it: a commit adds to {@code committed} (so concurrent
     * commits can never exceed the hold) and completes the transaction when nothing stays held; a void ends it.
     */
    public static State afterAction(State state, boolean commit, Accepted accepted) {
        if (commit) {
            BigInteger committed = state.committed().add(accepted.amount());
            TransactionStatus status = accepted.completes() ? TransactionStatus.APPLIED : state.status();
            return new State(status, state.held(), committed, state.voided(), state.refunded());
        }
        return new State(TransactionStatus.VOID, state.held(), state.committed(), true, state.refunded());
    }

    /** The state once a refund was accepted ({@link TransactionLifecycle#refund}): a transaction is refunded once. */
    public static State afterRefund(State state) {
        return new State(state.status(), state.held(), state.committed(), state.voided(), true);
    }

    /** What a due deadline of kind {@code kind} does to a transaction in {@code state}. */
    public static DeadlineStep onDeadline(State state, Deadline kind) {
        return switch (kind) {
            case START -> state.status() == TransactionStatus.SCHEDULED ? new StartLegs() : new NothingDue();
            case EXPIRE -> settle(false, TransactionLifecycle.voidRemaining(state));
            case COMMIT -> settle(true, TransactionLifecycle.commit(state, null));
        };
    }

    private static DeadlineStep settle(boolean commit, ActionDecision decision) {
        return decision.isAccepted() ? new SettleHold(commit, decision.accepted()) : new NothingDue();
    }
}
