package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/*
 * Goal: the coordinator's rules for commit, void and refund refuse exactly as transactions-v2.md and
 * Blnk say, with the first broken rule in RejectionReason order reported, and accepted commits
 * accumulate without ever exceeding the hold.
 * Method: example tests on TransactionLifecycle, per action: one test per refusal reason in
 * precedence order, each built on a State that also breaks every later rule (so a wrong order
 * shows up), then the accepted paths and their boundaries.
 */
class TransactionLifecycleTest {

    static final TransactionStatus INFLIGHT = TransactionStatus.INFLIGHT;
    static final TransactionStatus APPLIED = TransactionStatus.APPLIED;
    static final TransactionStatus VOID = TransactionStatus.VOID;

    static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    static TransactionLifecycle.State state(TransactionStatus status, long held, long committed, boolean voided, boolean refunded) {
        return new TransactionLifecycle.State(status, big(held), big(committed), voided, refunded);
    }

    static TransactionLifecycle.State inflight(long held, long committed) {
        return state(INFLIGHT, held, committed, false, false);
    }

    static RejectionReason refusal(TransactionLifecycle.ActionDecision d) {
        assertThat(d.isAccepted()).as("refused").isFalse();
        assertThat(d.accepted()).isNull();
        return d.refusal();
    }

    static TransactionLifecycle.Accepted accepted(TransactionLifecycle.ActionDecision d) {
        assertThat(d.isAccepted()).as("accepted, not %s", d.refusal()).isTrue();
        assertThat(d.refusal()).isNull();
        return d.accepted();
    }

    @Test
    void the_lifecycle_reasons_are_declared_in_the_documented_precedence_order() {
        // Given the enum; Then the action reasons follow each other in the documented order
        List<RejectionReason> all = List.of(RejectionReason.values());
        List<RejectionReason> actions = List.of(RejectionReason.TRANSACTION_NOT_FOUND, RejectionReason.ALREADY_VOIDED,
                RejectionReason.ALREADY_COMMITTED, RejectionReason.NOT_INFLIGHT, RejectionReason.COMMIT_AMOUNT_EXCEEDED);
        for (int i = 1; i < actions.size(); i++) {
            assertThat(all.indexOf(actions.get(i))).isGreaterThan(all.indexOf(actions.get(i - 1)));
        }
        assertThat(all.indexOf(RejectionReason.ALREADY_REFUNDED)).isLessThan(all.indexOf(RejectionReason.NOT_REFUNDABLE));
        assertThat(all.indexOf(RejectionReason.TRANSACTION_NOT_FOUND)).isLessThan(all.indexOf(RejectionReason.ALREADY_REFUNDED));
        // and their numeric codes are the stable ones (not in declaration order)
        assertThat(RejectionReason.NOT_INFLIGHT.code()).isEqualTo(18);
        assertThat(RejectionReason.ALREADY_VOIDED.code()).isEqualTo(19);
        assertThat(RejectionReason.ALREADY_COMMITTED.code()).isEqualTo(20);
        assertThat(RejectionReason.COMMIT_AMOUNT_EXCEEDED.code()).isEqualTo(21);
        assertThat(RejectionReason.NOT_REFUNDABLE.code()).isEqualTo(22);
        assertThat(RejectionReason.ALREADY_REFUNDED.code()).isEqualTo(23);
    }

    @Nested
    class Commit {

        @Test
        void a_negative_commit_is_refused_as_amount_must_be_positive_before_any_state_check() {
            // Given states that break each later rule: unknown, voided, fully committed, not inflight, and a valid hold
            List<TransactionLifecycle.State> states = List.of(state(null, 0, 0, false, false),
                    state(VOID, 10, 0, true, false), state(APPLIED, 10, 10, false, false), state(APPLIED, 0, 0, false, false),
                    inflight(100, 0));
            for (TransactionLifecycle.State s : states) {
                // When -1 is committed; Then AMOUNT_MUST_BE_POSITIVE (it precedes TRANSACTION_NOT_FOUND in RejectionReason)
                assertThat(refusal(TransactionLifecycle.commit(s, big(-1)))).as("%s", s)
                        .isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
            }
        }

        @Test
        void an_unknown_transaction_is_refused_as_transaction_not_found() {
            // Given a coordinator that never saw the transaction (status null), with every other flag set
            TransactionLifecycle.State s = state(null, 10, 10, true, true);
            // When committed (even beyond the hold); Then TRANSACTION_NOT_FOUND
            assertThat(refusal(TransactionLifecycle.commit(s, big(99)))).isEqualTo(RejectionReason.TRANSACTION_NOT_FOUND);
        }

        @Test
        void a_voided_transaction_is_refused_as_already_voided() {
            // Given a voided transaction that was also partly committed, by flag or by status
            TransactionLifecycle.State flagged = state(INFLIGHT, 10, 10, true, false);
            TransactionLifecycle.State byStatus = state(VOID, 10, 4, false, false);
            // When committed beyond the hold; Then ALREADY_VOIDED (before ALREADY_COMMITTED, NOT_INFLIGHT, EXCEEDED)
            assertThat(refusal(TransactionLifecycle.commit(flagged, big(99)))).isEqualTo(RejectionReason.ALREADY_VOIDED);
            assertThat(refusal(TransactionLifecycle.commit(byStatus, big(99)))).isEqualTo(RejectionReason.ALREADY_VOIDED);
        }

        @Test
        void a_fully_committed_transaction_is_refused_as_already_committed() {
            // Given a hold committed in full, whose status is APPLIED (so also not INFLIGHT)
            TransactionLifecycle.State s = state(APPLIED, 10, 10, false, false);
            // When committed again, beyond the hold; Then ALREADY_COMMITTED (before NOT_INFLIGHT)
            assertThat(refusal(TransactionLifecycle.commit(s, big(99)))).isEqualTo(RejectionReason.ALREADY_COMMITTED);
            assertThat(refusal(TransactionLifecycle.commit(s, null))).isEqualTo(RejectionReason.ALREADY_COMMITTED);
        }

        @Test
        void a_transaction_that_is_not_inflight_is_refused_as_not_inflight() {
            // Given a plain applied transfer (nothing held), a queued one and a rejected one
            for (TransactionStatus status : List.of(APPLIED, TransactionStatus.QUEUED, TransactionStatus.SCHEDULED,
                    TransactionStatus.REJECTED)) {
                // When committed beyond any hold; Then NOT_INFLIGHT (before COMMIT_AMOUNT_EXCEEDED)
                assertThat(refusal(TransactionLifecycle.commit(state(status, 0, 0, false, false), big(99))))
                        .as(status.name()).isEqualTo(RejectionReason.NOT_INFLIGHT);
            }
        }

        @Test
        void a_commit_beyond_what_remains_is_refused_as_commit_amount_exceeded() {
            // Given 100 held of which 70 is committed
            TransactionLifecycle.State s = inflight(100, 70);
            // When 31 is committed; Then COMMIT_AMOUNT_EXCEEDED, while exactly 30 is accepted and completes
            assertThat(refusal(TransactionLifecycle.commit(s, big(31)))).isEqualTo(RejectionReason.COMMIT_AMOUNT_EXCEEDED);
            TransactionLifecycle.Accepted a = accepted(TransactionLifecycle.commit(s, big(30)));
            assertThat(a.amount()).isEqualTo(big(30));
            assertThat(a.completes()).isTrue();
        }

        @Test
        void partial_commits_accumulate_and_completes_flags_only_the_last() {
            // Given 100 held
            TransactionLifecycle.State s = inflight(100, 0);
            long[] parts = {10, 25, 40, 25};
            for (int i = 0; i < parts.length; i++) {
                // When each part is committed and the coordinator reserves it (committed += amount)
                TransactionLifecycle.Accepted a = accepted(TransactionLifecycle.commit(s, big(parts[i])));
                assertThat(a.amount()).isEqualTo(big(parts[i]));
                // Then only the part that leaves nothing held completes
                assertThat(a.completes()).as("part %d", i).isEqualTo(i == parts.length - 1);
                s = state(a.completes() ? APPLIED : INFLIGHT, 100, s.committed().add(a.amount()).longValueExact(),
                        false, false);
            }
            assertThat(s.committed()).isEqualTo(big(100));
            assertThat(s.remaining()).isZero();
            // and a further commit is ALREADY_COMMITTED
            assertThat(refusal(TransactionLifecycle.commit(s, BigInteger.ONE))).isEqualTo(RejectionReason.ALREADY_COMMITTED);
        }

        @Test
        void a_fully_committed_hold_still_marked_inflight_is_already_committed() {
            // Given the coordinator reserved the whole hold but has not yet moved the status on
            TransactionLifecycle.State s = inflight(100, 100);
            // When committed; Then ALREADY_COMMITTED (a racing second commit can never move more)
            assertThat(refusal(TransactionLifecycle.commit(s, null))).isEqualTo(RejectionReason.ALREADY_COMMITTED);
            assertThat(refusal(TransactionLifecycle.voidRemaining(s))).isEqualTo(RejectionReason.ALREADY_COMMITTED);
        }

        @Test
        void a_commit_of_null_or_zero_commits_all_that_remains() {
            // Given 100 held of which 35 committed
            TransactionLifecycle.State s = inflight(100, 35);
            // When committed with no amount, or zero
            for (BigInteger requested : new BigInteger[] {null, BigInteger.ZERO}) {
                TransactionLifecycle.Accepted a = accepted(TransactionLifecycle.commit(s, requested));
                // Then the remaining 65 moves and completes the transaction
                assertThat(a.amount()).isEqualTo(big(65));
                assertThat(a.completes()).isTrue();
            }
        }
    }

    @Nested
    class Void {

        @Test
        void an_unknown_transaction_is_refused_as_transaction_not_found() {
            assertThat(refusal(TransactionLifecycle.voidRemaining(state(null, 10, 10, true, false))))
                    .isEqualTo(RejectionReason.TRANSACTION_NOT_FOUND);
        }

        @Test
        void a_voided_transaction_is_refused_as_already_voided() {
            // Given a void already accepted (flag or status), also fully committed and not inflight
            assertThat(refusal(TransactionLifecycle.voidRemaining(state(APPLIED, 10, 10, true, false))))
                    .isEqualTo(RejectionReason.ALREADY_VOIDED);
            assertThat(refusal(TransactionLifecycle.voidRemaining(state(VOID, 10, 3, false, false))))
                    .isEqualTo(RejectionReason.ALREADY_VOIDED);
        }

        @Test
        void a_fully_committed_transaction_is_refused_as_already_committed() {
            assertThat(refusal(TransactionLifecycle.voidRemaining(state(APPLIED, 10, 10, false, false))))
                    .isEqualTo(RejectionReason.ALREADY_COMMITTED);
        }

        @Test
        void a_transaction_that_is_not_inflight_is_refused_as_not_inflight() {
            assertThat(refusal(TransactionLifecycle.voidRemaining(state(APPLIED, 0, 0, false, false))))
                    .isEqualTo(RejectionReason.NOT_INFLIGHT);
            assertThat(refusal(TransactionLifecycle.voidRemaining(state(TransactionStatus.QUEUED, 10, 0, false, false))))
                    .isEqualTo(RejectionReason.NOT_INFLIGHT);
        }

        @Test
        void a_void_releases_all_that_remains_and_completes() {
            // Given 100 held, nothing committed / 40 committed
            // When voided; Then the remaining amount is released and the transaction completes
            TransactionLifecycle.Accepted whole = accepted(TransactionLifecycle.voidRemaining(inflight(100, 0)));
            assertThat(whole.amount()).isEqualTo(big(100));
            assertThat(whole.completes()).isTrue();
            TransactionLifecycle.Accepted rest = accepted(TransactionLifecycle.voidRemaining(inflight(100, 40)));
            assertThat(rest.amount()).isEqualTo(big(60));
            assertThat(rest.completes()).isTrue();
        }
    }

    @Nested
    class Refund {

        @Test
        void an_unknown_transaction_is_refused_as_transaction_not_found() {
            // Given a coordinator that never saw it, with the refunded flag set
            assertThat(TransactionLifecycle.refund(state(null, 0, 0, false, true)))
                    .contains(RejectionReason.TRANSACTION_NOT_FOUND);
        }

        @Test
        void a_refunded_transaction_is_refused_as_already_refunded() {
            // Given a transaction already refunded (and, in the second case, not applied either)
            assertThat(TransactionLifecycle.refund(state(APPLIED, 0, 0, false, true)))
                    .contains(RejectionReason.ALREADY_REFUNDED);
            assertThat(TransactionLifecycle.refund(state(INFLIGHT, 10, 0, false, true)))
                    .contains(RejectionReason.ALREADY_REFUNDED);
        }

        @Test
        void a_transaction_that_is_not_applied_is_refused_as_not_refundable() {
            for (TransactionStatus status : List.of(INFLIGHT, VOID, TransactionStatus.QUEUED, TransactionStatus.SCHEDULED,
                    TransactionStatus.REJECTED)) {
                assertThat(TransactionLifecycle.refund(state(status, 10, 4, VOID.equals(status), false)))
                        .as(status.name()).contains(RejectionReason.NOT_REFUNDABLE);
            }
        }

        @Test
        void an_applied_transaction_not_yet_refunded_is_refundable() {
            assertThat(TransactionLifecycle.refund(state(APPLIED, 0, 0, false, false))).isEqualTo(Optional.empty());
            assertThat(TransactionLifecycle.refund(state(APPLIED, 10, 10, false, false))).isEqualTo(Optional.empty());
        }

        @Test
        void a_plain_transfer_refunds_its_whole_amount() {
            // Given an applied plain transfer of 250 (nothing held); When refunded; Then 250 moves back
            assertThat(TransactionLifecycle.refundAmount(state(APPLIED, 0, 0, false, false), big(250)))
                    .isEqualTo(big(250));
        }

        @Test
        void a_committed_hold_refunds_what_was_committed() {
            // Given a hold of 100 committed in full (in parts); When refunded; Then the committed 100 moves back
            assertThat(TransactionLifecycle.refundAmount(state(APPLIED, 100, 100, false, false), big(100)))
                    .isEqualTo(big(100));
        }
    }
}
