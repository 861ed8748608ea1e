package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.ledgerline.core.CoordinatorDecisions.Deadline;
import dev.ledgerline.core.CoordinatorDecisions.GroupVerdict;
import dev.ledgerline.core.CoordinatorDecisions.NothingDue;
import dev.ledgerline.core.CoordinatorDecisions.SettleHold;
import dev.ledgerline.core.CoordinatorDecisions.SettleStep;
import dev.ledgerline.core.CoordinatorDecisions.StartLegs;
import dev.ledgerline.core.TransactionLifecycle.State;

/** The coordinator's state transitions, apart from Kafka. */
class CoordinatorDecisionsTest {

    private static State state(TransactionStatus status, long held, long committed, boolean voided) {
        return new State(status, BigInteger.valueOf(held), BigInteger.valueOf(committed), voided, false);
    }

    @Nested
    class NewTransactions {

        @Test
        void aScheduledTransactionWaitsUnlessSentWithSkipQueue() {
            assertThat(CoordinatorDecisions.initialStatus(true, false)).isEqualTo(TransactionStatus.SCHEDULED);
            assertThat(CoordinatorDecisions.initialStatus(true, true)).isEqualTo(TransactionStatus.QUEUED);
            assertThat(CoordinatorDecisions.initialStatus(false, false)).isEqualTo(TransactionStatus.QUEUED);
        }
    }

    @Nested
    class Outcomes {

        @Test
        void aReserveLegIsReservedWhenHeldAndRejectedOtherwise() {
            assertThat(CoordinatorDecisions.afterOutcome(true, TransactionStatus.INFLIGHT))
                    .isEqualTo(TransactionStatus.RESERVED);
            assertThat(CoordinatorDecisions.afterOutcome(true, TransactionStatus.REJECTED))
                    .isEqualTo(TransactionStatus.REJECTED);
        }

        @Test
        void anOrdinaryTransactionTakesTheReportedStatusAndOnlyInflightHolds() {
            assertThat(CoordinatorDecisions.afterOutcome(false, TransactionStatus.APPLIED))
                    .isEqualTo(TransactionStatus.APPLIED);
            assertThat(CoordinatorDecisions.holdsFor(TransactionStatus.INFLIGHT)).isTrue();
            assertThat(CoordinatorDecisions.holdsFor(TransactionStatus.APPLIED)).isFalse();
        }

        @Test
        void onlyAReserveLegStillQueuedTakesItsFirstOutcome() {
            assertThat(CoordinatorDecisions.takesReserveOutcome(TransactionStatus.QUEUED)).isTrue();
            assertThat(CoordinatorDecisions.takesReserveOutcome(TransactionStatus.RESERVED)).isFalse();
            assertThat(CoordinatorDecisions.takesReserveOutcome(TransactionStatus.APPLIED)).isFalse();
        }
    }

    @Nested
    class GroupVerdicts {

        @Test
        void aReservedLegOfTheSameGroupSettlesOrIsReleased() {
            assertThat(CoordinatorDecisions.onGroupVerdict(TransactionStatus.RESERVED, true, GroupVerdict.ABORT, false))
                    .isEqualTo(SettleStep.RELEASE);
            assertThat(CoordinatorDecisions.onGroupVerdict(TransactionStatus.RESERVED, true, GroupVerdict.SETTLE, false))
                    .isEqualTo(SettleStep.COMMIT);
            assertThat(CoordinatorDecisions.onGroupVerdict(TransactionStatus.RESERVED, true, GroupVerdict.SETTLE, true))
                    .isEqualTo(SettleStep.KEEP_INFLIGHT);
            assertThat(CoordinatorDecisions.afterSettleStep(SettleStep.RELEASE)).isEqualTo(TransactionStatus.REJECTED);
            assertThat(CoordinatorDecisions.afterSettleStep(SettleStep.COMMIT)).isEqualTo(TransactionStatus.APPLIED);
            assertThat(CoordinatorDecisions.afterSettleStep(SettleStep.KEEP_INFLIGHT))
                    .isEqualTo(TransactionStatus.INFLIGHT);
        }

        @ParameterizedTest
        @EnumSource(value = TransactionStatus.class, names = "RESERVED", mode = EnumSource.Mode.EXCLUDE)
        void aVerdictNeverTouchesALegThatIsNotReserved(TransactionStatus status) {
            for (GroupVerdict verdict : GroupVerdict.values()) {
                assertThat(CoordinatorDecisions.onGroupVerdict(status, true, verdict, false)).isEqualTo(SettleStep.NOTHING);
            }
        }

        @Test
        void aVerdictOfAnotherGroupNeverTouchesALeg() {
            assertThat(CoordinatorDecisions.onGroupVerdict(TransactionStatus.RESERVED, false, GroupVerdict.ABORT, false))
                    .isEqualTo(SettleStep.NOTHING);
        }
    }

    @Nested
    class Actions {

        @Test
        void aPartialCommitIsReservedAndTheLastCommitCompletes() {
            // given a hold of 100
            State held = state(TransactionStatus.INFLIGHT, 100, 0, false);

            // when 40 then the rest are committed
            State partly = CoordinatorDecisions.afterAction(held, true, TransactionLifecycle.commit(held,
                    BigInteger.valueOf(40)).accepted());
            State fully = CoordinatorDecisions.afterAction(partly, true, TransactionLifecycle.commit(partly, null).accepted());

            // then
            assertThat(partly.status()).isEqualTo(TransactionStatus.INFLIGHT);
            assertThat(partly.committed()).isEqualTo(BigInteger.valueOf(40));
            assertThat(fully.status()).isEqualTo(TransactionStatus.APPLIED);
            assertThat(fully.remaining()).isZero();
        }

        @Test
        void aVoidEndsTheHoldAndARefundIsMarkedOnce() {
            State held = state(TransactionStatus.INFLIGHT, 100, 30, false);

            State voided = CoordinatorDecisions.afterAction(held, false, TransactionLifecycle.voidRemaining(held).accepted());

            assertThat(voided.status()).isEqualTo(TransactionStatus.VOID);
            assertThat(voided.voided()).isTrue();
            assertThat(voided.committed()).isEqualTo(BigInteger.valueOf(30));
            State refunded = CoordinatorDecisions.afterRefund(state(TransactionStatus.APPLIED, 0, 0, false));
            assertThat(refunded.refunded()).isTrue();
            assertThat(TransactionLifecycle.refund(refunded)).contains(RejectionReason.ALREADY_REFUNDED);
        }
    }

    @Nested
    class Deadlines {

        @Test
        void aStartDeadlineStartsOnlyAStillScheduledTransaction() {
            assertThat(CoordinatorDecisions.onDeadline(state(TransactionStatus.SCHEDULED, 0, 0, false), Deadline.START))
                    .isInstanceOf(StartLegs.class);
            assertThat(CoordinatorDecisions.onDeadline(state(TransactionStatus.QUEUED, 0, 0, false), Deadline.START))
                    .isInstanceOf(NothingDue.class);
        }

        @Test
        void expiryVoidsAndAutoCommitCommitsWhatRemains() {
            State held = state(TransactionStatus.INFLIGHT, 100, 25, false);

            SettleHold expiry = (SettleHold) CoordinatorDecisions.onDeadline(held, Deadline.EXPIRE);
            SettleHold commit = (SettleHold) CoordinatorDecisions.onDeadline(held, Deadline.COMMIT);

            assertThat(expiry.commit()).isFalse();
            assertThat(expiry.accepted().amount()).isEqualTo(BigInteger.valueOf(75));
            assertThat(commit.commit()).isTrue();
            assertThat(commit.accepted().amount()).isEqualTo(BigInteger.valueOf(75));
        }

        @Test
        void aDeadlineOfAHoldAlreadySettledDoesNothing() {
            State voided = state(TransactionStatus.VOID, 100, 0, true);
            State committed = state(TransactionStatus.APPLIED, 100, 100, false);

            assertThat(CoordinatorDecisions.onDeadline(voided, Deadline.COMMIT)).isInstanceOf(NothingDue.class);
            assertThat(CoordinatorDecisions.onDeadline(committed, Deadline.EXPIRE)).isInstanceOf(NothingDue.class);
        }
    }
}
