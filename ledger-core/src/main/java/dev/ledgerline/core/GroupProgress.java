package dev.ledgerline.core;

/**
 * The decision rule of a split or bulk group, kept apart from Kafka so it can be tested alone.
 * <p>
 * An <b>atomic</b> group uses reserve-then-post: every leg first holds its amount at its source
 * ({@link LegResult#HELD}); when all {@code size} legs are held the group {@link Step#SETTLE_ALL settles}
 * them, and at the first leg that is rejected it {@link Step#ABORT_ALL aborts} them all (the legs
 * still holding release their holds; a leg that reports HELD after the abort is released too).
 * No leg's money moves unless every leg could move, so "all or none" holds even though the legs
 * live on different partitions.
 * <p>
 * A <b>non-atomic</b> group (bulk without {@code atomic}) only counts final results so a waiting
 * caller can be answered once every leg is done ({@link Step#COMPLETE}).
 */
public final class GroupProgress {

    public enum Outcome { OPEN, SUCCEEDED, FAILED }

    /** What a leg's coordinator reports: its hold is in place, or it finished (applied/inflight), or it was rejected. */
    public enum LegResult { HELD, FINISHED, REJECTED }

    /** What the group must do after a report. */
    public enum Step {
        /** Nothing yet: other legs have not reported. */
        WAIT,
        /** Every leg is held: settle them all and answer the caller with success. */
        SETTLE_ALL,
        /** The first rejection: release every leg and answer the caller with this leg's reason. */
        ABORT_ALL,
        /** A leg held after the group was already aborted: release just this leg. */
        ABORT_THIS,
        /** Nothing to do for this report (e.g. a rejection after the group failed). */
        IGNORE,
        /** Non-atomic: every leg finished; answer the caller. */
        COMPLETE
    }

    /** Counters of one group. {@code firstRejected} is the reason of the first rejected leg, or null. */
    public record State(int size, boolean atomic, int reported, int held, Outcome outcome,
                        RejectionReason firstRejected, int firstRejectedLeg) {

        public static State open(int size, boolean atomic) {
            if (size <= 0) {
                throw new LedgerInvariantViolation("a group needs at least one leg, got " + size);
            }
            return new State(size, atomic, 0, 0, Outcome.OPEN, null, 0);
        }
    }

    public record Next(State state, Step step) {
    }

    private GroupProgress() {
    }

    /** Applies one leg's report ({@code reason} only for REJECTED) and says what the group must do. */
    public static Next report(State state, int legIndex, LegResult result, RejectionReason reason) {
        if (state.reported() >= state.size()) {
            throw new LedgerInvariantViolation("more leg reports than legs in a group of " + state.size());
        }
        return state.atomic() ? atomic(state, legIndex, result, reason) : independent(state, legIndex, result, reason);
    }

    private static Next atomic(State state, int legIndex, LegResult result, RejectionReason reason) {
        if (result == LegResult.FINISHED) {
            throw new LedgerInvariantViolation("an atomic group's leg finished before the group decided");
        }
        int reported = state.reported() + 1;
        if (state.outcome() == Outcome.FAILED) {
            State next = new State(state.size(), true, reported, state.held(), Outcome.FAILED, state.firstRejected(),
                    state.firstRejectedLeg());
            return new Next(next, result == LegResult.HELD ? Step.ABORT_THIS : Step.IGNORE);
        }
        if (result == LegResult.REJECTED) {
            return new Next(new State(state.size(), true, reported, state.held(), Outcome.FAILED, reason, legIndex),
                    Step.ABORT_ALL);
        }
        int held = state.held() + 1;
        boolean all = held == state.size();
        return new Next(new State(state.size(), true, reported, held, all ? Outcome.SUCCEEDED : Outcome.OPEN, null, 0),
                all ? Step.SETTLE_ALL : Step.WAIT);
    }

    private static Next independent(State state, int legIndex, LegResult result, RejectionReason reason) {
        if (result == LegResult.HELD) {
            throw new LedgerInvariantViolation("a non-atomic group's leg does not reserve");
        }
        int reported = state.reported() + 1;
        boolean firstFailure = result == LegResult.REJECTED && state.firstRejected() == null;
        RejectionReason first = firstFailure ? reason : state.firstRejected();
        int firstLeg = firstFailure ? legIndex : state.firstRejectedLeg();
        boolean done = reported == state.size();
        Outcome outcome = !done ? Outcome.OPEN : first == null ? Outcome.SUCCEEDED : Outcome.FAILED;
        return new Next(new State(state.size(), false, reported, state.held(), outcome, first, firstLeg),
                done ? Step.COMPLETE : Step.WAIT);
    }
}
