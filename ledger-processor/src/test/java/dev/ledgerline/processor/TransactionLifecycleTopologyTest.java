package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Inflight holds, commits and voids, durable deadlines, scheduled transactions, refunds and
 * skip_queue replies, driven through the real topology. Each test checks the records a Blnk
 * client would read and the balances the single writers hold.
 */
class TransactionLifecycleTopologyTest {

    private LedgerDriver ledger;
    private String alice;
    private String bob;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        alice = ledger.fundedBalance("1000");
        bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    private void hold(String reference, String amount) {
        ledger.transfer(reference, alice, bob, amount, false, spec -> spec.setInflight(true));
    }

    @Nested
    class Inflight {

        @Test
        void aHoldReservesFundsWithoutMovingThem() {
            // when
            hold("hold-1", "300");

            // then
            assertThat(ledger.outcome("hold-1").getStatus()).isEqualTo("INFLIGHT");
            assertThat(ledger.outcome("hold-1").getInflight()).isTrue();
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
            assertThat(ledger.inflightDebit(alice)).isEqualTo(new BigInteger("300"));
            assertThat(ledger.inflightCredit(bob)).isEqualTo(new BigInteger("300"));
            assertThat(ledger.balance(bob)).isZero();
        }

        @Test
        void aHoldCountsAgainstAvailableFunds() {
            // given
            hold("hold-1", "800");

            // when
            ledger.transfer("spend", alice, bob, "300", false);

            // then
            assertThat(ledger.outcome("spend").getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        }

        @Test
        void partialCommitsSettleUpToTheHoldAndNoFurther() {
            // given
            hold("hold-1", "300");

            // when
            String first = ledger.inflightAction("hold-1", "commit", "100", false);
            String second = ledger.inflightAction("hold-1", "commit", "250", false);
            String rest = ledger.inflightAction("hold-1", "commit", null, false);
            String again = ledger.inflightAction("hold-1", "commit", "1", false);

            // then
            assertThat(ledger.reply(first).getOk()).isTrue();
            assertThat(ledger.reply(first).getTransaction().getStatus()).isEqualTo("INFLIGHT");
            assertThat(ledger.reply(second).getCode()).isEqualTo("COMMIT_AMOUNT_EXCEEDED");
            assertThat(ledger.reply(rest).getOk()).isTrue();
            assertThat(ledger.reply(again).getCode()).isEqualTo("ALREADY_COMMITTED");
            TransactionRecord commit1 = ledger.byReference("hold-1_commit_1");
            assertThat(commit1.getStatus()).isEqualTo("APPLIED");
            assertThat(commit1.getPreciseAmount()).isEqualTo("100");
            assertThat(commit1.getParentTransaction()).isEqualTo(ledger.outcome("hold-1").getTransactionId());
            assertThat(ledger.byReference("hold-1_commit_2").getPreciseAmount()).isEqualTo("200");
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("700"));
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("300"));
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.inflightCredit(bob)).isZero();
        }

        @Test
        void aCommitInMajorUnitsIsConvertedWithTheTransactionsOwnPrecision() {
            // given a hold of 300 minor units at precision 100 (3.00)
            hold("hold-1", "300");

            // when 1.25 is committed in major units, then less than a minor unit, then 0.75 (what remains)
            String major = ledger.inflightAction("hold-1", "commit", null, "1.25", false);
            String underOneUnit = ledger.inflightAction("hold-1", "commit", null, "0.001", false);
            String tooMuch = ledger.inflightAction("hold-1", "commit", null, "1.76", false);
            String rest = ledger.inflightAction("hold-1", "commit", null, "1.75", false);

            // then 125 and 175 minor units were committed; the others were refused and changed nothing
            assertThat(ledger.reply(major).getOk()).isTrue();
            assertThat(ledger.byReference("hold-1_commit_1").getPreciseAmount()).isEqualTo("125");
            assertThat(ledger.reply(underOneUnit).getCode()).isEqualTo("AMOUNT_MUST_BE_POSITIVE");
            assertThat(ledger.reply(tooMuch).getCode()).isEqualTo("COMMIT_AMOUNT_EXCEEDED");
            assertThat(ledger.reply(rest).getOk()).isTrue();
            assertThat(ledger.byReference("hold-1_commit_2").getPreciseAmount()).isEqualTo("175");
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("300"));
            assertThat(ledger.inflightDebit(alice)).isZero();
        }

        @Test
        void aVoidReleasesWhatRemainsAndEndsTheHold() {
            // given
            hold("hold-1", "300");
            ledger.inflightAction("hold-1", "commit", "100", false);

            // when
            String voiding = ledger.inflightAction("hold-1", "void", null, true);
            String commitAfter = ledger.inflightAction("hold-1", "commit", null, false);

            // then
            Reply voided = ledger.reply(voiding);
            assertThat(voided.getTransaction().getStatus()).isEqualTo("VOID");
            assertThat(voided.getTransaction().getPreciseAmount()).isEqualTo("200");
            assertThat(ledger.reply(commitAfter).getCode()).isEqualTo("ALREADY_VOIDED");
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("900"));
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.inflightCredit(bob)).isZero();
        }

        @Test
        void anActionOnATransactionThatIsNotInflightIsRefused() {
            ledger.transfer("plain", alice, bob, "10", false);

            String commit = ledger.inflightAction("plain", "commit", null, false);
            String unknown = ledger.inflightAction("never-sent", "void", null, false);

            assertThat(ledger.reply(commit).getCode()).isEqualTo("NOT_INFLIGHT");
            assertThat(ledger.reply(unknown).getCode()).isEqualTo("TRANSACTION_NOT_FOUND");
        }
    }

    @Nested
    class Deadlines {

        @Test
        void anExpiredHoldIsVoidedByTheDurableTimer() {
            // given a hold that expires in 5 s
            long expiry = LedgerDriver.START.toEpochMilli() + 5_000;
            ledger.transfer("expiring", alice, bob, "300", false,
                    spec -> spec.setInflight(true).setInflightExpiryMs(expiry));

            // when
            ledger.advanceWallClock(Duration.ofSeconds(2));
            assertThat(ledger.inflightDebit(alice)).isEqualTo(new BigInteger("300"));
            ledger.advanceWallClock(Duration.ofSeconds(4));

            // then
            assertThat(ledger.byReference("expiring_void_1").getStatus()).isEqualTo("VOID");
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
        }

        @Test
        void aHoldWithACommitDateIsCommittedByTheDurableTimer() {
            long commitAt = LedgerDriver.START.toEpochMilli() + 3_000;
            ledger.transfer("auto-commit", alice, bob, "300", false,
                    spec -> spec.setInflight(true).setInflightCommitMs(commitAt));

            ledger.advanceWallClock(Duration.ofSeconds(4));

            assertThat(ledger.byReference("auto-commit_commit_1").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("300"));
        }

        @Test
        void aScheduledTransactionAppliesOnlyWhenItIsDue() {
            // given
            long due = LedgerDriver.START.toEpochMilli() + 60_000;
            ledger.transfer("later", alice, bob, "100", false, spec -> spec.setScheduledForMs(due));

            // then it is SCHEDULED and nothing moved
            assertThat(ledger.byReference("later").getStatus()).isEqualTo("SCHEDULED");
            ledger.advanceWallClock(Duration.ofSeconds(30));
            assertThat(ledger.balance(bob)).isZero();

            // when the time comes
            ledger.advanceWallClock(Duration.ofSeconds(31));

            // then
            assertThat(ledger.outcome("later").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("100"));
        }
    }

    /**
     * Deadlines that fall due in the same check (one punctuation fires them all, oldest first): each must see what
     * the ones before it did, and no transaction may be settled twice.
     */
    @Nested
    class DeadlinesDueTogether {

        private static final long SECOND = 1_000;

        @Test
        void twoScheduledTransfersOnOneSourceAreDecidedOneAfterTheOther() {
            // given two scheduled transfers of 700 from a balance of 1,000, due at the same instant
            long due = LedgerDriver.START.toEpochMilli() + 10 * SECOND;
            ledger.transfer("first", alice, bob, "700", false, spec -> spec.setScheduledForMs(due));
            ledger.transfer("second", alice, bob, "700", false, spec -> spec.setScheduledForMs(due));

            // when one check finds both due
            ledger.advanceWallClock(Duration.ofSeconds(20));

            // then exactly one moved money; the other was refused for want of funds, and nothing was overdrawn
            assertThat(java.util.List.of(ledger.outcome("first").getStatus(), ledger.outcome("second").getStatus()))
                    .containsExactlyInAnyOrder("APPLIED", "REJECTED");
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("300"));
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("700"));
        }

        @Test
        void aHoldThatExpiresFirstFreesItsFundsForAScheduledTransferDueJustAfter() {
            // given a hold of 800 that expires at +5 s and a transfer of 900 scheduled for +6 s
            long start = LedgerDriver.START.toEpochMilli();
            ledger.transfer("held", alice, bob, "800", false,
                    spec -> spec.setInflight(true).setInflightExpiryMs(start + 5 * SECOND));
            ledger.transfer("payout", alice, bob, "900", false, spec -> spec.setScheduledForMs(start + 6 * SECOND));

            // when one check finds both due
            ledger.advanceWallClock(Duration.ofSeconds(20));

            // then the expiry ran first, so the transfer found the released funds
            assertThat(ledger.byReference("held_void_1").getStatus()).isEqualTo("VOID");
            assertThat(ledger.outcome("payout").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("100"));
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("900"));
        }

        @Test
        void aHoldWhoseCommitAndExpiryFallDueTogetherIsSettledOnce() {
            // given a hold of 300 that commits itself at +3 s and would expire at +4 s
            long start = LedgerDriver.START.toEpochMilli();
            ledger.transfer("both", alice, bob, "300", false, spec -> spec.setInflight(true)
                    .setInflightCommitMs(start + 3 * SECOND).setInflightExpiryMs(start + 4 * SECOND));

            // when one check finds both due
            ledger.advanceWallClock(Duration.ofSeconds(20));

            // then the earlier deadline settled the hold and the later one found nothing left to void
            assertThat(ledger.byReference("both_commit_1").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.transactions()).noneMatch(r -> r.getReference().startsWith("both_void"));
            assertThat(ledger.inflightDebit(alice)).isZero();
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("700"));
            assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("300"));
        }
    }

    @Nested
    class Refunds {

        @Test
        void aRefundMovesTheMoneyBackOnceUnderADerivedReference() {
            // given
            ledger.transfer("buy", alice, bob, "250", false);
            String original = Ids.transactionIdForReference("buy");

            // when
            String first = ledger.refund("buy", false);
            String second = ledger.refund("buy", false);

            // then
            assertThat(ledger.reply(first).getTransaction().getReference()).isEqualTo(original + "_refund");
            assertThat(ledger.reply(first).getTransaction().getParentTransaction()).isEqualTo(original);
            assertThat(ledger.outcome(original + "_refund").getStatus()).isEqualTo("APPLIED");
            assertThat(ledger.reply(second).getCode()).isEqualTo("ALREADY_REFUNDED");
            assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));
            assertThat(ledger.balance(bob)).isZero();
        }

        @Test
        void aRejectedTransactionCannotBeRefunded() {
            ledger.transfer("too-much", alice, bob, "5000", false);

            String refund = ledger.refund("too-much", false);

            assertThat(ledger.reply(refund).getCode()).isEqualTo("NOT_REFUNDABLE");
        }

        @Test
        void aSynchronousRefundAnswersWithTheAppliedRecord() {
            ledger.transfer("buy", alice, bob, "250", false);

            String refund = ledger.refund("buy", true);

            Reply reply = ledger.reply(refund);
            assertThat(reply.getOk()).isTrue();
            assertThat(reply.getTransaction().getStatus()).isEqualTo("APPLIED");
            assertThat(reply.getTransaction().getTransactionId())
                    .isEqualTo(Ids.transactionIdForReference(Ids.transactionIdForReference("buy") + "_refund"));
        }
    }

    @Nested
    class SkipQueue {

        @Test
        void answersWithTheAppliedRecordUnderTheRequestsIdAndReference() {
            // when
            String request = ledger.transfer("now", alice, bob, "40", false, spec -> spec.setSkipQueue(true));

            // then
            Reply reply = ledger.reply(request);
            assertThat(reply.getOk()).isTrue();
            assertThat(reply.getTransaction().getStatus()).isEqualTo("APPLIED");
            assertThat(reply.getTransaction().getTransactionId()).isEqualTo(Ids.transactionIdForReference("now"));
            assertThat(reply.getTransaction().getReference()).isEqualTo("now");
            assertThat(ledger.transactions()).noneMatch(r -> r.getStatus().equals("QUEUED") && r.getReference().equals("now"));
        }

        @Test
        void answersARejectionWithItsCode() {
            String request = ledger.transfer("broke", alice, bob, "4000", false, spec -> spec.setSkipQueue(true));

            assertThat(ledger.reply(request).getCode()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(ledger.byReference("broke").getStatus()).isEqualTo("REJECTED");
        }

        @Test
        void answersADuplicateWithItsCode() {
            ledger.transfer("once", alice, bob, "1", false, spec -> spec.setSkipQueue(true));

            String again = ledger.transfer("once", alice, bob, "1", false, spec -> spec.setSkipQueue(true));

            assertThat(ledger.reply(again).getCode()).isEqualTo("DUPLICATE_REFERENCE");
            assertThat(ledger.balance(bob)).isEqualTo(BigInteger.ONE);
        }
    }
}
