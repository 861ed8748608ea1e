package dev.ledgerline.core;

import java.util.Optional;

/**
 * What a bulk batch announces once every item has its outcome (Blnk's {@code bulk_transaction.<status>} webhooks):
 * {@link Status#APPLIED} or {@link Status#INFLIGHT} when every item went through, {@link Status#FAILED} with the first
 * refusal otherwise. Splits announce nothing (Blnk has no split event). Pure.
 *
 * @param status           what the batch came to
 * @param transactionCount how many items the batch has
 * @param error            for FAILED: which item failed, why, and what became of the others (Blnk's wording, where it applies)
 */
public record BatchOutcome(Status status, int transactionCount, String error) {

    /** Blnk's event suffixes: {@code bulk_transaction.applied}, {@code .inflight}, {@code .failed}. */
    public enum Status { APPLIED, INFLIGHT, FAILED }

    /**
     * The announcement of a bulk batch after {@code step}, or empty when the batch is not done yet (or is a split).
     * {@code inflight}: every item was created as a hold.
     */
    public static Optional<BatchOutcome> after(GroupProgress.Step step, GroupProgress.State state, boolean bulk,
                                               boolean inflight) {
        boolean decided = step == GroupProgress.Step.SETTLE_ALL || step == GroupProgress.Step.ABORT_ALL
                || step == GroupProgress.Step.COMPLETE;
        if (!bulk || !decided) {
            return Optional.empty();
        }
        if (state.firstRejected() == null) {
            return Optional.of(new BatchOutcome(inflight ? Status.INFLIGHT : Status.APPLIED, state.size(), null));
        }
        String cause = "transaction " + state.firstRejectedLeg() + " of " + state.size() + " was rejected: "
                + state.firstRejected().message();
        String others = state.atomic() ? ". All transactions in this batch have been rejected."
                : ". The other transactions in this batch were not rolled back.";
        return Optional.of(new BatchOutcome(Status.FAILED, state.size(), cause + others));
    }
}
