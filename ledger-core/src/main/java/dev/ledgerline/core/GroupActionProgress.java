package dev.ledgerline.core;

/**
 * The answer rule of a commit, void or refund that names a split's or bulk batch's id instead of one
 * transaction. The group's coordinator sends the action to each of its legs (each leg decides alone: one
 * leg already voided does not stop the others) and collects one answer per leg; this says which leg's
 * answer the caller gets and when.
 * <p>
 * The caller gets the answer of the <b>lowest-numbered leg that succeeded</b>, or, when none did, the
 * lowest-numbered leg's refusal, and only once <b>every</b> leg has answered. Legs answer from
 * different partitions in any order; the rule does not depend on that order.
 */
public final class GroupActionProgress {

    /** No leg has answered yet. */
    public static final int NO_LEG = 0;

    /**
     * One action's progress. {@code answerLeg} is the leg whose answer the caller will get so far
     * ({@link #NO_LEG} when none), {@code answerSucceeded} whether that answer is a success.
     */
    public record State(int size, int answered, int answerLeg, boolean answerSucceeded) {

        public static State open(int size) {
            if (size <= 0) {
                throw new LedgerInvariantViolation("a group action needs at least one leg, got " + size);
            }
            return new State(size, 0, NO_LEG, false);
        }

        public boolean complete() {
            return answered == size;
        }
    }

    /** After one answer: the new state, and whether this leg's answer is now the one the caller will get. */
    public record Next(State state, boolean keepThisAnswer) {
    }

    private GroupActionProgress() {
    }

    /** Counts leg {@code legIndex}'s answer (1-based); {@code succeeded} = the leg accepted the action. */
    public static Next answer(State state, int legIndex, boolean succeeded) {
        if (state.complete()) {
            throw new LedgerInvariantViolation("more answers than legs in a group action of " + state.size());
        }
        if (legIndex < 1 || legIndex > state.size()) {
            throw new LedgerInvariantViolation("leg " + legIndex + " is not in a group of " + state.size());
        }
        boolean better = state.answerLeg() == NO_LEG
                || (succeeded && !state.answerSucceeded())
                || (succeeded == state.answerSucceeded() && legIndex < state.answerLeg());
        State next = better
                ? new State(state.size(), state.answered() + 1, legIndex, succeeded)
                : new State(state.size(), state.answered() + 1, state.answerLeg(), state.answerSucceeded());
        return new Next(next, better);
    }
}
