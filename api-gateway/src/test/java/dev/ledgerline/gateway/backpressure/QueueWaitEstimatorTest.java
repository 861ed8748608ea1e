package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ledgerline.observability.queues.PartitionBacklog;

class QueueWaitEstimatorTest {

    private static final String COMMANDS = "ledger.transaction-commands";
    private static final String LEGS = "ledger.balance-commands";

    /** ledger.transactions' end when the test is not about the decision rate: it never moves, so it plays no part. */
    private static final long NOTHING_DECIDED = 0;

    /** What this gateway wrote (in records to come on ledger.transactions) when the test is not about it. */
    private static final long NOTHING_WRITTEN = 0;

    private static QueueWaitEstimator estimator(long windowMs, EntryQueueTransfers transfers) {
        return new QueueWaitEstimator(COMMANDS, Set.of(LEGS), windowMs, transfers);
    }

    /**
     * One partition as the backlog reader reports it: the group at {@code committed}, {@code backlog} records after it
     * (the first one's timestamp not read, so its age plays no part).
     */
    private static PartitionBacklog at(String topic, int partition, long committed, long backlog) {
        return new PartitionBacklog(topic, partition, committed + backlog, committed, 0, backlog, -1);
    }

    /** The same, with the first waiting record's timestamp: when its transfer entered the ledger. */
    private static PartitionBacklog at(String topic, int partition, long committed, long backlog, long oldestMs) {
        return new PartitionBacklog(topic, partition, committed + backlog, committed, 0, backlog, oldestMs);
    }

    @Test
    void aBacklogGrowingFasterThanTheGroupConsumesItIsAWaitOfBacklogOverRate() {
        // Given a group consuming 1,000 records per second while 3,000 per second arrive (measured every 500 ms)
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        double wait = 0;
        for (int i = 0; i <= 20; i++) {
            wait = estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 500L * i, 1_000L + 1_000L * i)), 500L * i);
        }

        // Then after 10 s the 21,000 records waiting are 21 s of work at 1,000 per second
        assertThat(wait).isCloseTo(21.0, within(0.01));
    }

    @Test
    void anIdleOrCaughtUpGroupHasNoWait() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given nothing waiting, measured twice
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 100, 0)), 0)).isZero();
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 100, 0)), 500)).isZero();

        // When a record arrives, then there is no rate to judge it by yet: no estimate
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 100, 1)), 1_000)).isZero();

        // When it is consumed, then nothing waits
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 101, 0)), 1_500)).isZero();
    }

    @Test
    void idleTimeDoesNotDiluteTheRateButIntervalsBetweenCommitsDo() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given a minute of idle measurements
        for (int i = 0; i < 120; i++) {
            estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 0)), 500L * i);
        }
        long t = 60_000;
        // When a burst waits and the group commits 1,000 records once a second (measured every 500 ms)
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 4_000)), t);
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 6_000)), t + 500);
        double wait = estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 7_000)), t + 1_000);

        // Then the rate is 1,000 per busy second (the idle minute is not counted): 7,000 waiting are 7 s
        assertThat(wait).isCloseTo(7.0, within(0.01));
    }

    @Test
    void aBurstAfterAnIdleSpellIsJudgedAtItsSecondCheckByTheLastDecisionRateMeasured() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given a processor that decided 1,000 transfers per second while busy (2,000 records on ledger.transactions),
        // then had nothing to do for a minute
        estimator.update(0, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 2_000)), 0);
        estimator.update(2_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 1_000)), 1_000);
        estimator.update(4_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 0)), 2_000);
        for (int i = 1; i <= 120; i++) {
            estimator.update(4_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 0)), 2_000 + 500L * i);
        }

        // When 8,000 transfers arrive at once, then the first check does not judge them yet (the processor may empty
        // the queue before the next), and the second, with all 8,000 still waiting, says 8 s
        assertThat(estimator.update(4_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 8_000)), 62_500)).isZero();
        assertThat(estimator.update(4_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 8_000)), 63_000)).isCloseTo(8.0, within(0.01));
    }

    @Test
    void aQueueEmptiedWithinOneCheckIsNoWait() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given sparse traffic at one transfer per second, each caught waiting at a check
        for (int i = 0; i < 10; i++) {
            estimator.update(2L * i, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, i, 1)), 1_000L * i);
            estimator.update(2L * i + 2, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, i + 1, 0)), 1_000L * i + 500);
        }

        // When 200 concurrent transfers wait at one check, then that is not a wait of 200 s
        assertThat(estimator.update(20, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 10, 200)), 10_000)).isZero();
    }

    @Test
    void aPartitionsOwnLastRateIsNotRemembered() {
        QueueWaitEstimator estimator = estimator(2_000, new EntryQueueTransfers(true));
        // Given a partition that last consumed one small record per second (the processor's own, at the end of a
        // drain), then nothing for longer than the window
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 1)), 0);
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1, 0)), 1_000);
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1, 0)), 5_000);

        // When 1,000 records arrive, then that rate does not call them 1,000 s of work
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1, 1_000)), 5_500)).isZero();
    }

    @Test
    void aGroupStalledLongerThanTheStallLimitHasNoEstimateItIsTheAgeLimitsCase() {
        QueueWaitEstimator estimator = estimator(2_000, new EntryQueueTransfers(true));
        // Given progress once, then a stall longer than the window and the stall limit with records waiting
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 5_000)), 0);
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 5_000)), 500)).isGreaterThan(0);
        double wait = 0;
        for (int i = 2; i <= 12; i++) {
            wait = estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 5_000 + i)), 500L * i);
        }

        // Then the estimate is withdrawn (the stalled processor's oldest record ages instead)
        assertThat(wait).isZero();
    }

    @Test
    void aStopLongerThanTheStallLimitDoesNotMakeTheProcessorLookSlowOnceItRunsAgain() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given a processor that stopped for 20 s (a restart) while 4,000 records came in
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 100)), 0);
        for (int i = 1; i <= 40; i++) {
            estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 100L * i)), 500L * i);
        }

        // When it consumes 1,000 records in the next 500 ms
        double wait = estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 4_000)), 20_500);

        // Then its rate is 2,000 per second (the stop is not counted): 4,000 waiting are 2 s, not the 82 s the stop
        // would give
        assertThat(wait).isCloseTo(2.0, within(0.01));
    }

    @Test
    void theSlowestPartitionOfTheEntryTopicCountsAndTheInternalTopicsAreNotEstimatedByRate() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given two partitions of the entry topic and a partition of an internal topic between the stages
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 10_000), at(COMMANDS, 1, 0, 10_000),
                at(LEGS, 0, 0, 100)), 0);
        double wait = estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(
                at(COMMANDS, 0, 5_000, 20_000),   // 5,000 per second: 4 s
                at(COMMANDS, 1, 2_500, 20_000),   // 2,500 per second: 8 s
                at(LEGS, 0, 1, 300)), 1_000); // 1 per second: 300 s, but written and read by the processor itself

        // Then a new command waits as long as the entry topic's slowest partition says
        assertThat(wait).isCloseTo(8.0, within(0.01));
    }

    @Test
    void aGroupMovedBackwardsStartsOver() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 100_000, 10_000)), 0);
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 101_000, 10_000)), 1_000))
                .isCloseTo(10.0, within(0.01));

        // When the group's position goes back (reset, or the topic recreated), then what was measured is dropped
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 10)), 2_000)).isZero();
    }

    @Test
    void aQueueOfBulkBatchesAfterSinglePostsIsJudgedInTransfersNotRecords() {
        EntryQueueTransfers transfers = new EntryQueueTransfers(true);
        QueueWaitEstimator estimator = estimator(10_000, transfers);
        // Given a group that consumed 1,000 single-transfer records in a busy second, then caught up
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 2_000)), 0);
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 1_000)), 1_000);
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 0)), 1_500);

        // When 20 bulk batches of 1,000 transfers each are written (offsets 2,000 to 2,019) and still wait a check later
        for (long offset = 2_000; offset < 2_020; offset++) {
            transfers.written(0, offset, 1_000);
        }
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 20)), 2_000);

        // Then they are 20,000 transfers at 1,000 per second: 20 s, not the 0.02 s 20 records make
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 20)), 2_500))
                .isCloseTo(20.0, within(0.01));

        // And when the group has consumed 2 batches in the next second, the window's rate is 3,000 transfers in 2.5
        // busy seconds (the half second it stood still counts): the 18,000 waiting are 15 s
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_002, 18)), 3_500))
                .isCloseTo(15.0, within(0.01));
    }

    @Test
    void whileTheProcessorMovesTheOldestTransferInProgressBoundsTheEstimateFromBelow() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given an entry queue the processor consumes quickly (1 s of work waiting) while the legs of a transfer that
        // entered 40 s ago still wait on an internal topic
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 100, 99_000), at(LEGS, 0, 0, 5_000, 60_000)), 99_500);
        double wait = estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 100, 100, 99_900), at(LEGS, 0, 10, 5_000, 60_000)),
                100_000);

        // Then a new command is estimated to wait as long as that transfer has: 40 s, not the entry queue's 1 s
        assertThat(wait).isCloseTo(40.0, within(0.01));
    }

    @Test
    void aStoppedProcessorsOldRecordsAreTheAgeLimitsCaseNotTheEstimates() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given a processor that moved once and then stopped, with legs that entered at 0 waiting
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 0), at(LEGS, 0, 0, 50, 0)), 500);
        estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 0), at(LEGS, 0, 10, 40, 0)), 1_000);
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 0), at(LEGS, 0, 10, 40, 0)), 5_000))
                .isCloseTo(5.0, within(0.01));

        // When nothing has moved for longer than the stall limit, then the legs' age no longer counts as a wait
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 0), at(LEGS, 0, 10, 40, 0)), 6_500)).isZero();
    }

    @Test
    void aBulkQueueTheProcessorConsumesFasterThanItDecidesIsJudgedByTheDecisionRate() {
        EntryQueueTransfers transfers = new EntryQueueTransfers(true);
        QueueWaitEstimator estimator = estimator(10_000, transfers);
        for (long offset = 0; offset < 100; offset++) {
            transfers.written(0, offset, 1_000);
        }
        // Given a processor that consumes 10 bulk batches (10,000 transfers) per second from the entry queue but
        // decides 1,000 transfers per second (2,000 records on ledger.transactions: QUEUED and the outcome)
        estimator.update(0, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 100)), 0);
        estimator.update(2_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 10, 90)), 1_000);
        double wait = estimator.update(4_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 20, 80)), 2_000);

        // Then the 80,000 transfers waiting are 80 s at the decision rate, not the 8 s the entry queue's rate says
        assertThat(wait).isCloseTo(80.0, within(0.01));
    }

    @Test
    void aBurstRightAfterSparseTrafficIsJudgedByWhatTheProcessorDoesWithIt() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        // Given sparse traffic: at every check one new record waits, the one before it already done
        for (int i = 0; i < 10; i++) {
            estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, i, 1)), 500L * i);
        }

        // When 200 transfers arrive right after the last of them, then that check does not judge them
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 10, 200)), 5_000)).isZero();

        // And when the processor has done 100 of them by the next check, the other 100 are not judged by a rate of a
        // hundred transfers (nor by the 50 s that one record per half second would make of them)
        assertThat(estimator.update(NOTHING_DECIDED, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 110, 100)), 5_500)).isLessThan(1.0);
    }

    /** A processor measured deciding 1,000 transfers per second (2,000 records on ledger.transactions per second). */
    private static void decidingAThousandPerSecond(QueueWaitEstimator estimator) {
        estimator.update(0, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 0, 2_000)), 0);
        estimator.update(2_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 1_000, 1_000)), 1_000);
        estimator.update(4_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_000, 0)), 2_000);
    }

    @Test
    void transfersThatLeftTheEntryQueueButAreNotDecidedAreJudgedAtTheDecisionRate() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        decidingAThousandPerSecond(estimator);

        // When this gateway writes 20 bulk batches of 1,000 (40,000 records to come on ledger.transactions) and the processor consumes them from the entry queue at
        // once, so that only 40 records of legs wait on an internal topic, the oldest of them written 1 s ago
        double wait = estimator.update(4_000, 40_000, List.of(at(COMMANDS, 0, 2_020, 0), at(LEGS, 0, 0, 40, 2_000)),
                3_000);

        // Then the 20,000 transfers in progress are 20 s at the decision rate, not the 1 s the oldest leg has waited
        assertThat(wait).isCloseTo(20.0, within(0.01));

        // And as the processor decides 1,000 of them in the next second, 19 s remain
        assertThat(estimator.update(6_000, NOTHING_WRITTEN, List.of(at(COMMANDS, 0, 2_020, 0),
                at(LEGS, 0, 2, 38, 2_500)), 4_000)).isCloseTo(19.0, within(0.01));
    }

    @Test
    void theTransfersInProgressStartFromZeroWheneverNothingWaits() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        decidingAThousandPerSecond(estimator);
        // Given 5,000 transfers written whose decisions the count missed (commit markers took offsets; a scheduled
        // transaction wrote a third record)
        estimator.update(4_000, 10_000, List.of(at(LEGS, 0, 0, 10, 2_500)), 3_000);

        // When a check finds nothing waiting anywhere, then nothing is in progress
        assertThat(estimator.update(4_000, NOTHING_WRITTEN, List.of(at(LEGS, 0, 10, 0)), 3_500)).isZero();

        // And 2,000 transfers written afterwards are 2 s, not 7
        assertThat(estimator.update(4_000, 4_000, List.of(at(LEGS, 0, 10, 4, 3_900)), 4_000))
                .isCloseTo(2.0, within(0.01));
    }

    @Test
    void decisionsOfTransfersOtherGatewaysWroteNeverMakeTheCountNegative() {
        QueueWaitEstimator estimator = estimator(10_000, new EntryQueueTransfers(true));
        decidingAThousandPerSecond(estimator);
        // Given the processor deciding 3,000 transfers that another gateway wrote, while one record of this one waits
        estimator.update(10_000, 200, List.of(at(LEGS, 0, 0, 1, 2_900)), 3_000);

        // When this gateway then writes 1,000 transfers, then they are 1 s, not less than nothing
        assertThat(estimator.update(10_000, 2_000, List.of(at(LEGS, 0, 0, 2, 2_900)), 3_500))
                .isCloseTo(1.0, within(0.01));
    }
}
