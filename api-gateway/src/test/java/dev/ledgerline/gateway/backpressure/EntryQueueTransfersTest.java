package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntryQueueTransfersTest {

    @Test
    void givenNothingWritten_thenEveryRecordIsOneTransfer() {
        EntryQueueTransfers transfers = new EntryQueueTransfers(true);

        assertThat(transfers.transfersBefore(0, 0)).isZero();
        assertThat(transfers.transfersBefore(3, 12_345)).isEqualTo(12_345);
    }

    @Test
    void givenBulkRecords_thenAPositionCountsWhatTheRecordsBeforeItCarried() {
        // given records at offsets 10 (500 transfers) and 20 (3 transfers) among single transfers
        EntryQueueTransfers transfers = new EntryQueueTransfers(true);
        transfers.written(0, 20, 3);
        transfers.written(0, 10, 500);
        transfers.written(0, 15, 1);

        // then offsets up to 10 are unchanged, after 10 they are 499 further, after 20 another 2
        assertThat(transfers.transfersBefore(0, 10)).isEqualTo(10);
        assertThat(transfers.transfersBefore(0, 11)).isEqualTo(11 + 499);
        assertThat(transfers.transfersBefore(0, 21)).isEqualTo(21 + 499 + 2);
        // and other partitions are not affected
        assertThat(transfers.transfersBefore(1, 21)).isEqualTo(21);
    }

    @Test
    void givenThePositionPassedSomeRecords_whenTheyAreForgotten_thenLaterPositionsStayTheSame() {
        EntryQueueTransfers transfers = new EntryQueueTransfers(true);
        transfers.written(0, 10, 500);
        transfers.written(0, 20, 3);
        long before = transfers.transfersBefore(0, 30);

        // when the processor's position passed offset 15
        transfers.forgetBefore(0, 15);

        // then positions from there on are what they were
        assertThat(transfers.transfersBefore(0, 30)).isEqualTo(before);
        assertThat(transfers.transfersBefore(0, 21) - transfers.transfersBefore(0, 15)).isEqualTo(6 + 2);
    }

    @Test
    void givenBackpressureOff_thenNothingIsKept() {
        EntryQueueTransfers transfers = new EntryQueueTransfers(false);
        transfers.written(0, 10, 500);

        assertThat(transfers.transfersBefore(0, 11)).isEqualTo(11);
    }

    @Test
    void givenCommandsWrittenSinceTheLastTake_thenTheirDecisionRecordsCountOnceAndTakingStartsAgain() {
        // given a transfer (QUEUED and outcome), a bulk batch of 500 and the commit of a hold (one record)
        EntryQueueTransfers transfers = new EntryQueueTransfers(true);
        transfers.awaitingDecision(2);
        transfers.awaitingDecision(1_000);
        transfers.awaitingDecision(1);

        // then all count until taken, and nothing after
        assertThat(transfers.writtenSinceTaken()).isEqualTo(1_003);
        assertThat(transfers.takeWritten()).isEqualTo(1_003);
        assertThat(transfers.writtenSinceTaken()).isZero();
    }

    @Test
    void givenBackpressureOff_thenNothingIsCounted() {
        EntryQueueTransfers transfers = new EntryQueueTransfers(false);
        transfers.awaitingDecision(1_000);

        assertThat(transfers.takeWritten()).isZero();
    }
}
