package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchOutcomeTest {

    @Test
    void given_a_bulk_batch_whose_items_all_went_through_it_announces_applied_or_inflight() {
        GroupProgress.Next done = GroupProgress.report(GroupProgress.State.open(1, false), 1,
                GroupProgress.LegResult.FINISHED, null);

        assertThat(BatchOutcome.after(done.step(), done.state(), true, false))
                .contains(new BatchOutcome(BatchOutcome.Status.APPLIED, 1, null));
        assertThat(BatchOutcome.after(done.step(), done.state(), true, true))
                .contains(new BatchOutcome(BatchOutcome.Status.INFLIGHT, 1, null));
    }

    @Test
    void given_an_atomic_batch_aborted_by_its_second_item_it_announces_failed_with_the_reason() {
        GroupProgress.Next first = GroupProgress.report(GroupProgress.State.open(3, true), 1,
                GroupProgress.LegResult.HELD, null);
        GroupProgress.Next aborted = GroupProgress.report(first.state(), 2, GroupProgress.LegResult.REJECTED,
                RejectionReason.INSUFFICIENT_FUNDS);

        BatchOutcome outcome = BatchOutcome.after(aborted.step(), aborted.state(), true, false).orElseThrow();

        assertThat(outcome.status()).isEqualTo(BatchOutcome.Status.FAILED);
        assertThat(outcome.transactionCount()).isEqualTo(3);
        assertThat(outcome.error()).startsWith("transaction 2 of 3 was rejected: ")
                .contains(RejectionReason.INSUFFICIENT_FUNDS.message())
                .endsWith("All transactions in this batch have been rejected.");
    }

    @Test
    void given_a_non_atomic_batch_with_a_rejected_item_it_announces_failed_once_every_item_reported() {
        GroupProgress.Next rejected = GroupProgress.report(GroupProgress.State.open(2, false), 1,
                GroupProgress.LegResult.REJECTED, RejectionReason.INSUFFICIENT_FUNDS);
        GroupProgress.Next done = GroupProgress.report(rejected.state(), 2, GroupProgress.LegResult.FINISHED, null);

        assertThat(BatchOutcome.after(rejected.step(), rejected.state(), true, false)).isEmpty();
        assertThat(BatchOutcome.after(done.step(), done.state(), true, false).orElseThrow().error())
                .endsWith("The other transactions in this batch were not rolled back.");
    }

    @Test
    void given_a_split_or_an_undecided_batch_nothing_is_announced() {
        GroupProgress.Next held = GroupProgress.report(GroupProgress.State.open(2, true), 1,
                GroupProgress.LegResult.HELD, null);
        GroupProgress.Next settled = GroupProgress.report(held.state(), 2, GroupProgress.LegResult.HELD, null);

        assertThat(BatchOutcome.after(held.step(), held.state(), true, false)).isEmpty();
        assertThat(BatchOutcome.after(settled.step(), settled.state(), false, false)).isEmpty();
        assertThat(BatchOutcome.after(settled.step(), settled.state(), true, false)).isPresent();
    }
}
