package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.schemas.TransactionGroups.End;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * Splits and bulk batches through the real topology: reserve-then-post makes an atomic group all or
 * nothing although its legs live on different partitions; records follow Blnk's chain.
 */
class GroupTopologyTest {

    private LedgerDriver ledger;
    private String alice;
    private String bob;
    private String carol;
    private String poor;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        alice = ledger.fundedBalance("1000");
        String shop = ledger.createLedger("shop");
        bob = ledger.createBalance(shop, "USD");
        carol = ledger.createBalance(shop, "USD");
        poor = ledger.fundedBalance("10");
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    private static TransactionSpec parent(String reference, String source, String destination, String amount,
                                          boolean skipQueue, boolean inflight) {
        return LedgerDriver.spec(reference, source, destination, amount, false,
                spec -> spec.setSkipQueue(skipQueue).setInflight(inflight));
    }

    private String split(String reference, String source, List<String> destinations, List<String> shares,
                         boolean skipQueue, boolean inflight) {
        TransactionSpec parent = parent(reference, source, destinations.get(0), "0", skipQueue, inflight);
        List<TransactionSpec> legs = TransactionGroups.splitLegs(parent, false,
                destinations.stream().map(d -> new End(d, d)).toList(), shares.stream().map(BigInteger::new).toList());
        return ledger.startGroup(parent.getTransactionId(), TransactionGroups.SPLIT, reference, true, skipQueue, legs);
    }

    private String splitSources(String reference, List<String> sources, String destination, List<String> shares) {
        TransactionSpec parent = parent(reference, sources.get(0), destination, "0", false, false);
        List<TransactionSpec> legs = TransactionGroups.splitLegs(parent, true,
                sources.stream().map(s -> new End(s, s)).toList(), shares.stream().map(BigInteger::new).toList());
        return ledger.startGroup(parent.getTransactionId(), TransactionGroups.SPLIT, reference, true, false, legs);
    }

    @Nested
    class Splits {

        @Test
        void aSplitToTwoDestinationsAppliesBothLegsWithBlnkReferences() {
            // when
            split("split-1", alice, List.of(bob, carol), List.of("600", "400"), false, false);

            // then
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("0"));
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("600"));
            assertThat(ledger.balance(carol)).isEqualTo(new BigInteger("400"));
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.inflightCredit(bob)).isZero();
            TransactionRecord first = ledger.outcome("split-1_1");
            assertThat(first.getStatus()).isEqualTo("APPLIED");
            assertThat(first.getParentTransaction()).isEqualTo(Ids.transactionIdForReference("split-1_1"));
            assertThat(ledger.byReference("split-1_1").getStatus()).isEqualTo("QUEUED");
            assertThat(ledger.byReference("split-1_1").getParentTransaction())
                    .isEqualTo(Ids.transactionIdForReference("split-1"));
            assertThat(ledger.outcome("split-1_2").getStatus()).isEqualTo("APPLIED");
        }

        @Test
        void whenOneSourceLacksFundsNoLegApplies() {
            // when: alice can pay her 500, poor cannot pay its 500
            splitSources("split-2", List.of(alice, poor), bob, List.of("500", "500"));

            // then
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
            assertThat(ledger.balance(poor)).isEqualTo(new BigInteger("10"));
            assertThat(ledger.balance(bob)).isZero();
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.inflightCredit(bob)).isZero();
            assertThat(ledger.outcome("split-2_1").getStatus()).isEqualTo("REJECTED");
            assertThat(ledger.outcome("split-2_1").getRejectionCode()).isEqualTo("GROUP_ABORTED");
            assertThat(ledger.outcome("split-2_2").getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(ledger.transactions()).noneMatch(r -> "APPLIED".equals(r.getStatus())
                    && r.getReference().startsWith("split-2"));
        }

        @Test
        void aSkipQueueSplitAnswersOnceEveryLegIsSettledOrAnswersTheFirstFailure() {
            // when
            String ok = split("split-3", alice, List.of(bob, carol), List.of("100", "200"), true, false);
            String refused = split("split-4", poor, List.of(bob, carol), List.of("6", "6"), true, false);

            // then
            assertThat(ledger.reply(ok).getOk()).isTrue();
            assertThat(ledger.byReference("split-3-1").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.byReference("split-3-2").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.reply(refused).getOk()).isFalse();
            assertThat(ledger.reply(refused).getCode()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(ledger.balance(poor)).isEqualTo(new BigInteger("10"));
        }

        @Test
        void anInflightSplitHoldsEveryLegAndEachLegCanBeCommittedAlone() {
            // when
            split("split-5", alice, List.of(bob, carol), List.of("300", "200"), false, true);

            // then
            assertThat(ledger.outcome("split-5_1").getStatus()).isEqualTo("INFLIGHT");
            assertThat(ledger.inflightDebit(alice)).isEqualTo(new BigInteger("500"));
            ledger.inflightAction("split-5_1", "commit", null, false);
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("300"));
            assertThat(ledger.inflightDebit(alice)).isEqualTo(new BigInteger("200"));
        }

        @Test
        void aSplitReferenceCannotBeReusedBySplitOrSingleTransaction() {
            // given
            split("split-6", alice, List.of(bob, carol), List.of("10", "10"), false, false);

            // when
            String again = split("split-6", alice, List.of(bob, carol), List.of("10", "10"), true, false);
            ledger.transfer("split-6", alice, bob, "5", false);

            // then
            assertThat(ledger.reply(again).getCode()).isEqualTo("DUPLICATE_REFERENCE");
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("10"));
            assertThat(ledger.transactions()).filteredOn(r -> "DUPLICATE_REFERENCE".equals(r.getRejectionCode()))
                    .hasSize(2);
        }

        @Test
        void aLegReleasedByItsGroupCannotBeCommittedByAClient() {
            // given a split whose second leg is refused, so the first leg is released
            splitSources("split-7", List.of(alice, poor), bob, List.of("100", "100"));

            // when a client tries to commit the first leg
            String commit = ledger.inflightAction("split-7_1", "commit", null, true);

            // then
            assertThat(ledger.reply(commit).getOk()).isFalse();
            assertThat(ledger.balance(bob)).isZero();
        }
    }

    @Nested
    class Bulk {

        private List<TransactionSpec> items(String batchId, boolean atomic, boolean skipQueue, String... amounts) {
            return java.util.stream.IntStream.range(0, amounts.length).mapToObj(i -> TransactionGroups.bulkItem(
                    LedgerDriver.spec(batchId + "-item-" + i, i == amounts.length - 1 ? poor : alice, bob, amounts[i],
                            false, spec -> spec.setSkipQueue(skipQueue)), batchId, i + 1, atomic, skipQueue)).toList();
        }

        @Test
        void anAtomicBatchWithOneFailingItemAppliesNothing() {
            // given
            String batch = Ids.bulkBatchId(UUID.randomUUID());

            // when: the last item (from poor) cannot be paid
            ledger.startGroup(batch, TransactionGroups.BULK, "", true, false, items(batch, true, false, "10", "20", "500"));

            // then
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
            assertThat(ledger.balance(bob)).isZero();
            assertThat(ledger.outcome(batch + "-item-0").getRejectionCode()).isEqualTo("GROUP_ABORTED");
            assertThat(ledger.outcome(batch + "-item-2").getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(ledger.byReference(batch + "-item-0").getParentTransaction()).isEqualTo(batch);
            // and the batch announces once that it failed, naming its first rejected item
            assertThat(ledger.batchOutcomes()).filteredOn(o -> o.getBatchId().equals(batch)).singleElement()
                    .satisfies(outcome -> {
                        assertThat(outcome.getStatus()).isEqualTo("FAILED");
                        assertThat(outcome.getRejectedItem()).isEqualTo(3);
                        assertThat(outcome.getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
                        assertThat(outcome.getError()).endsWith("All transactions in this batch have been rejected.");
                    });
        }

        @Test
        void aReportedBatchAnnouncesItsOutcomeOnceAndAnUnreportedOneNothing() {
            // given
            String reported = Ids.bulkBatchId(UUID.randomUUID());
            String quiet = Ids.bulkBatchId(UUID.randomUUID());

            // when a batch whose items report (run_async) and one whose items do not both apply every item
            ledger.startGroup(reported, TransactionGroups.BULK, "", false, false, java.util.stream.IntStream.range(0, 2)
                    .mapToObj(i -> TransactionGroups.bulkItem(LedgerDriver.spec(reported + "-item-" + i, alice, bob,
                            "10", false, spec -> { }), reported, i + 1, false, true)).toList());
            ledger.startGroup(quiet, TransactionGroups.BULK, "", false, false, java.util.stream.IntStream.range(0, 2)
                    .mapToObj(i -> TransactionGroups.bulkItem(LedgerDriver.spec(quiet + "-item-" + i, alice, bob,
                            "10", false, spec -> { }), quiet, i + 1, false, false)).toList());

            // then
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("40"));
            assertThat(ledger.batchOutcomes()).filteredOn(o -> o.getBatchId().equals(reported)).singleElement()
                    .satisfies(outcome -> {
                        assertThat(outcome.getStatus()).isEqualTo("APPLIED");
                        assertThat(outcome.getTransactionCount()).isEqualTo(2);
                        assertThat(outcome.getError()).isNull();
                    });
            assertThat(ledger.batchOutcomes()).noneMatch(o -> o.getBatchId().equals(quiet));
        }

        @Test
        void aNonAtomicBatchAppliesWhatItCan() {
            // given
            String batch = Ids.bulkBatchId(UUID.randomUUID());

            // when
            String request = ledger.startGroup(batch, TransactionGroups.BULK, "", false, true,
                    items(batch, false, true, "10", "20", "500"));

            // then
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("30"));
            assertThat(ledger.reply(request).getOk()).isFalse();
            assertThat(ledger.reply(request).getMessage()).startsWith("leg 3: ");
        }

        @Test
        void anAtomicSkipQueueBatchAnswersAfterEverythingApplied() {
            // given
            String batch = Ids.bulkBatchId(UUID.randomUUID());
            List<TransactionSpec> items = items(batch, true, true, "10", "20", "5");

            // when
            String request = ledger.startGroup(batch, TransactionGroups.BULK, "", true, true, items);

            // then
            assertThat(ledger.reply(request).getOk()).isTrue();
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("35"));
            assertThat(ledger.byReference(batch + "-item-0").getStatus()).isEqualTo("APPLIED");
        }
    }
    /**
     * Commit, void and refund that name a split's or bulk batch's id: the group's coordinator sends the action to every
     * leg from its own list of legs (no read model involved) and answers once every leg has answered.
     */
    @Nested
    class ActionsByGroupId {

        private String inflightBatch(boolean atomic, String... amounts) {
            String batch = Ids.bulkBatchId(UUID.randomUUID());
            List<TransactionSpec> items = java.util.stream.IntStream.range(0, amounts.length)
                    .mapToObj(i -> TransactionGroups.bulkItem(LedgerDriver.spec(batch + "-item-" + i,
                            i == amounts.length - 1 ? poor : alice, bob, amounts[i], false,
                            spec -> spec.setInflight(true)), batch, i + 1, atomic, false)).toList();
            ledger.startGroup(batch, TransactionGroups.BULK, "", atomic, false, items);
            return batch;
        }

        @Test
        void aCommitByBatchIdCommitsEveryHeldLegAndAnswersWithTheFirstThatSucceeded() {
            // given a non-atomic inflight batch whose last item (from poor) was refused
            String batch = inflightBatch(false, "10", "20", "500");
            assertThat(ledger.inflightDebit(alice)).isEqualTo(new BigInteger("30"));

            // when
            String commit = ledger.inflightActionOnId(batch, "commit", null, null, false);

            // then both held legs are committed, and the answer is the first leg's
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("30"));
            assertThat(ledger.inflightDebit(alice)).isZero();
            Reply answer = ledger.reply(commit);
            assertThat(answer.getOk()).isTrue();
            assertThat(answer.getTransaction().getReference()).isEqualTo(batch + "-item-0_q");
            assertThat(ledger.replies()).filteredOn(r -> r.getRequestId().equals(commit)).hasSize(1);
        }

        @Test
        void aSkipQueueVoidBySplitIdAnswersWithTheVoidRecordOnceEveryLegIsReleased() {
            // given
            split("split-a1", alice, List.of(bob, carol), List.of("300", "200"), false, true);

            // when
            String voiding = ledger.inflightAction("split-a1", "void", null, true);

            // then
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
            Reply answer = ledger.reply(voiding);
            assertThat(answer.getOk()).isTrue();
            assertThat(answer.getTransaction().getStatus()).isEqualTo("VOID");
        }

        @Test
        void whenNoLegCanActTheFirstLegsRefusalIsTheAnswer() {
            // given a split whose legs were already voided
            split("split-a2", alice, List.of(bob, carol), List.of("30", "20"), false, true);
            ledger.inflightAction("split-a2", "void", null, false);

            // when
            String again = ledger.inflightAction("split-a2", "commit", null, false);

            // then
            Reply answer = ledger.reply(again);
            assertThat(answer.getOk()).isFalse();
            assertThat(answer.getCode()).isEqualTo("ALREADY_VOIDED");
            assertThat(ledger.balance(bob)).isZero();
        }

        @Test
        void aPartialCommitByGroupIdIsRefusedAndTouchesNoLeg() {
            // given
            String batch = inflightBatch(true, "10", "20", "5");

            // when
            String commit = ledger.inflightActionOnId(batch, "commit", "5", null, false);

            // then
            assertThat(ledger.reply(commit).getCode()).isEqualTo("GROUP_PARTIAL_COMMIT");
            assertThat(ledger.inflightDebit(alice)).isEqualTo(new BigInteger("30"));
            assertThat(ledger.balance(bob)).isZero();
        }

        @Test
        void aRefundBySplitIdRefundsEveryLegOnce() {
            // given
            split("split-a3", alice, List.of(bob, carol), List.of("300", "200"), false, false);

            // when
            String refund = ledger.refundId(Ids.transactionIdForReference("split-a3"), true);
            String again = ledger.refundId(Ids.transactionIdForReference("split-a3"), false);

            // then
            assertThat(ledger.reply(refund).getOk()).isTrue();
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
            assertThat(ledger.balance(bob)).isZero();
            assertThat(ledger.balance(carol)).isZero();
            assertThat(ledger.reply(again).getCode()).isEqualTo("ALREADY_REFUNDED");
        }
    }
}
