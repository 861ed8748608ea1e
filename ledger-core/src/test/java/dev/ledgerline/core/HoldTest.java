package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/*
 * Goal: an inflight (two-phase) transfer holds money without settling it, and a hold is later
 * settled (commit) or released (void), in parts, exactly, on both sides (transactions-v2.md, Flows).
 * Method: example tests on BalanceDecisions.debit/credit with an inflight Transfer and on
 * BalanceDecisions.settleHold, grouped by phase (hold, commit, void, impossible settlements, entries).
 * Each checks the four balance components, available, the entry kind/amount/version and the hash chain.
 */
class HoldTest {

    static final long NOW = 1_700_000_000_000L;
    static final long EFFECTIVE = 1_699_000_000_000L;
    static final String SRC = "bln_src";
    static final String DST = "bln_dst";
    static final String TXN = "txn_hold";

    static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    static Balance opened(String id) {
        return applied(BalanceDecisions.open(null, new OpenBalance(id, "ldg_1", "USD", null, "", "{}", NOW))).balance();
    }

    static Decision.Applied applied(Decision d) {
        assertThat(d).isInstanceOf(Decision.Applied.class);
        return (Decision.Applied) d;
    }

    static RejectionReason rejected(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) d).reason();
    }

    static Transfer inflight(String txId, long amount) {
        return new Transfer(txId, SRC, DST, null, null, big(amount), "USD", false, BigInteger.ZERO, EFFECTIVE, true);
    }

    /** A source funded by a settled credit of {@code amount}. */
    static Balance fundedSource(long amount) {
        Transfer fund = new Transfer("txn_fund", "bln_world", SRC, null, null, big(amount), "USD", false, null, NOW);
        return applied(BalanceDecisions.credit(opened(SRC), fund, NOW)).balance();
    }

    static Entry only(Decision.Applied d) {
        assertThat(d.entries()).hasSize(1);
        return d.entries().get(0);
    }

    static void assertComponents(Balance b, long credit, long debit, long inflightCredit, long inflightDebit) {
        assertThat(b.creditBalance()).as("credit_balance").isEqualTo(big(credit));
        assertThat(b.debitBalance()).as("debit_balance").isEqualTo(big(debit));
        assertThat(b.inflightCreditBalance()).as("inflight_credit_balance").isEqualTo(big(inflightCredit));
        assertThat(b.inflightDebitBalance()).as("inflight_debit_balance").isEqualTo(big(inflightDebit));
    }

    /** A source holding {@code held} of a funded {@code funds}, and a destination with the matching inflight credit. */
    record Held(Balance source, Balance destination) {
    }

    static Held held(long funds, long held) {
        Transfer t = inflight(TXN, held);
        Balance src = applied(BalanceDecisions.debit(fundedSource(funds), t, NOW)).balance();
        Balance dst = applied(BalanceDecisions.credit(opened(DST), t, NOW)).balance();
        return new Held(src, dst);
    }

    static Decision.Applied settle(Balance b, HoldAction action, HoldSide side, long amount) {
        return applied(BalanceDecisions.settleHold(b, action, side, big(amount), TXN, NOW + 1, EFFECTIVE));
    }

    @Nested
    class Hold {

        @Test
        void an_inflight_debit_holds_without_settling() {
            // Given a source with 100 settled
            Balance before = fundedSource(100);
            // When an inflight transfer of 30 is debited
            Decision.Applied d = applied(BalanceDecisions.debit(before, inflight(TXN, 30), NOW));
            // Then the balance is unchanged, 30 is held and available drops by 30
            Balance after = d.balance();
            assertComponents(after, 100, 0, 0, 30);
            assertThat(after.balance()).isEqualTo(big(100));
            assertThat(after.available()).isEqualTo(big(70));
            assertThat(after.inflightBalance()).isEqualTo(big(-30));
            // and one INFLIGHT_DEBIT entry continues the chain
            Entry e = only(d);
            assertThat(e.kind()).isEqualTo(EntryKind.INFLIGHT_DEBIT);
            assertThat(e.amount()).isEqualTo(big(30));
            assertThat(e.transactionId()).isEqualTo(TXN);
            assertThat(e.balance()).isEqualTo(big(100));
            assertThat(e.inflightDebitBalance()).isEqualTo(big(30));
            assertThat(e.effectiveAtMs()).isEqualTo(EFFECTIVE);
            Invariants.checkEntryFollows(before, e);
            assertThat(after.headHash()).isEqualTo(e.hash());
            Invariants.checkBalance(after);
        }

        @Test
        void an_inflight_credit_holds_at_the_destination_without_settling() {
            // Given an empty destination
            Balance before = opened(DST);
            // When the inflight credit of 30 arrives
            Decision.Applied d = applied(BalanceDecisions.credit(before, inflight(TXN, 30), NOW));
            // Then only inflight_credit grows; one INFLIGHT_CREDIT entry continues the chain
            assertComponents(d.balance(), 0, 0, 30, 0);
            assertThat(d.balance().balance()).isZero();
            assertThat(d.balance().inflightBalance()).isEqualTo(big(30));
            Entry e = only(d);
            assertThat(e.kind()).isEqualTo(EntryKind.INFLIGHT_CREDIT);
            assertThat(e.amount()).isEqualTo(big(30));
            Invariants.checkEntryFollows(before, e);
            assertThat(d.balance().headHash()).isEqualTo(e.hash());
        }

        @Test
        void the_funds_check_counts_existing_holds() {
            // Given 100 settled of which 70 are already held
            Balance src = applied(BalanceDecisions.debit(fundedSource(100), inflight("txn_a", 70), NOW)).balance();
            // When another 31 is held, or a plain 31 is debited
            Decision hold = BalanceDecisions.debit(src, inflight("txn_b", 31), NOW);
            Decision plain = BalanceDecisions.debit(src, new Transfer("txn_c", SRC, DST, null, null, big(31), "USD",
                    false, null, NOW), NOW);
            // Then both are INSUFFICIENT_FUNDS (available is 30)
            assertThat(rejected(hold)).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
            assertThat(rejected(plain)).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
            // and exactly the available 30 can still be held
            Balance full = applied(BalanceDecisions.debit(src, inflight("txn_d", 30), NOW)).balance();
            assertThat(full.available()).isZero();
            assertComponents(full, 100, 0, 0, 100);
        }

        @Test
        void an_inflight_debit_with_an_overdraft_limit_may_hold_down_to_the_limit() {
            // Given 10 settled and an overdraft limit of 5
            Balance src = fundedSource(10);
            Transfer atFloor = new Transfer("txn_a", SRC, DST, null, null, big(15), "USD", false, big(5), NOW, true);
            Transfer beyond = new Transfer("txn_b", SRC, DST, null, null, big(16), "USD", false, big(5), NOW, true);
            // When 15 / 16 is held
            // Then 15 lands exactly on -5 available, 16 is OVERDRAFT_LIMIT_EXCEEDED
            assertThat(applied(BalanceDecisions.debit(src, atFloor, NOW)).balance().available()).isEqualTo(big(-5));
            assertThat(rejected(BalanceDecisions.debit(src, beyond, NOW))).isEqualTo(RejectionReason.OVERDRAFT_LIMIT_EXCEEDED);
        }

        @Test
        void an_inflight_credit_is_not_spendable_at_the_destination() {
            // Given a destination that only has 50 inflight credit
            Balance dst = applied(BalanceDecisions.credit(opened(DST), inflight(TXN, 50), NOW)).balance();
            assertThat(dst.available()).isZero();
            // When it tries to spend 1 (plain or inflight)
            Transfer plain = new Transfer("txn_x", DST, SRC, null, null, BigInteger.ONE, "USD", false, null, NOW);
            Transfer hold = new Transfer("txn_y", DST, SRC, null, null, BigInteger.ONE, "USD", false, null, NOW, true);
            // Then INSUFFICIENT_FUNDS
            assertThat(rejected(BalanceDecisions.debit(dst, plain, NOW))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
            assertThat(rejected(BalanceDecisions.debit(dst, hold, NOW))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        }

        @Test
        void a_non_positive_inflight_amount_is_rejected() {
            // Given a funded source; When a hold of 0 or -1 is debited; Then AMOUNT_MUST_BE_POSITIVE
            Balance src = fundedSource(100);
            assertThat(rejected(BalanceDecisions.debit(src, inflight(TXN, 0), NOW))).isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
            assertThat(rejected(BalanceDecisions.debit(src, inflight(TXN, -1), NOW))).isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }
    }

    @Nested
    class Commit {

        @Test
        void committing_part_then_the_rest_settles_exactly_on_both_sides() {
            // Given 100 funded, 60 held from source to destination
            Held h = held(100, 60);
            // When 25 is committed, then the remaining 35
            Balance src1 = settle(h.source(), HoldAction.COMMIT, HoldSide.SOURCE, 25).balance();
            Balance dst1 = settle(h.destination(), HoldAction.COMMIT, HoldSide.DESTINATION, 25).balance();
            // Then after the first part 25 is settled and 35 still held
            assertComponents(src1, 100, 25, 0, 35);
            assertComponents(dst1, 25, 0, 35, 0);
            assertThat(src1.available()).isEqualTo(big(40));
            Balance src2 = settle(src1, HoldAction.COMMIT, HoldSide.SOURCE, 35).balance();
            Balance dst2 = settle(dst1, HoldAction.COMMIT, HoldSide.DESTINATION, 35).balance();
            // and after the rest all 60 is settled, nothing held
            assertComponents(src2, 100, 60, 0, 0);
            assertComponents(dst2, 60, 0, 0, 0);
            assertThat(src2.balance()).isEqualTo(big(40));
            assertThat(src2.available()).isEqualTo(big(40));
            assertThat(dst2.balance()).isEqualTo(big(60));
            assertThat(dst2.available()).isEqualTo(big(60));
            // conservation: the settled amounts moved equal what left the holds
            assertThat(src2.debitBalance()).isEqualTo(dst2.creditBalance());
        }

        @Test
        void a_committed_credit_becomes_spendable_at_the_destination() {
            // Given a destination whose 50 hold is committed
            Balance dst = settle(held(100, 50).destination(), HoldAction.COMMIT, HoldSide.DESTINATION, 50).balance();
            // When it spends 50; Then it applies
            Transfer spend = new Transfer("txn_x", DST, SRC, null, null, big(50), "USD", false, null, NOW);
            assertThat(applied(BalanceDecisions.debit(dst, spend, NOW)).balance().available()).isZero();
        }
    }

    @Nested
    class Void {

        @Test
        void a_void_releases_the_hold_and_settles_nothing() {
            // Given 100 funded, 60 held
            Held h = held(100, 60);
            // When the 60 is voided on both sides
            Decision.Applied src = settle(h.source(), HoldAction.VOID, HoldSide.SOURCE, 60);
            Decision.Applied dst = settle(h.destination(), HoldAction.VOID, HoldSide.DESTINATION, 60);
            // Then the source is back to 100 available and the destination has nothing
            assertComponents(src.balance(), 100, 0, 0, 0);
            assertThat(src.balance().available()).isEqualTo(big(100));
            assertComponents(dst.balance(), 0, 0, 0, 0);
            assertThat(dst.balance().available()).isZero();
        }

        @Test
        void voiding_the_remainder_after_a_partial_commit_releases_only_what_remains() {
            // Given 60 held of which 20 is committed
            Held h = held(100, 60);
            Balance src = settle(h.source(), HoldAction.COMMIT, HoldSide.SOURCE, 20).balance();
            Balance dst = settle(h.destination(), HoldAction.COMMIT, HoldSide.DESTINATION, 20).balance();
            // When the remaining 40 is voided
            Balance src2 = settle(src, HoldAction.VOID, HoldSide.SOURCE, 40).balance();
            Balance dst2 = settle(dst, HoldAction.VOID, HoldSide.DESTINATION, 40).balance();
            // Then the committed 20 stays settled and nothing is held
            assertComponents(src2, 100, 20, 0, 0);
            assertComponents(dst2, 20, 0, 0, 0);
            assertThat(src2.available()).isEqualTo(big(80));
        }

        @Test
        void a_partial_void_of_one_of_two_holds_keeps_the_other_held() {
            // Given two holds of 30 and 20 on the same source
            Balance src = fundedSource(100);
            src = applied(BalanceDecisions.debit(src, inflight("txn_a", 30), NOW)).balance();
            src = applied(BalanceDecisions.debit(src, inflight("txn_b", 20), NOW)).balance();
            // When the 30 is voided
            Balance after = applied(BalanceDecisions.settleHold(src, HoldAction.VOID, HoldSide.SOURCE, big(30), "txn_a",
                    NOW, NOW)).balance();
            // Then 20 is still held and 80 available
            assertComponents(after, 100, 0, 0, 20);
            assertThat(after.available()).isEqualTo(big(80));
        }
    }

    @Nested
    class ImpossibleSettlements {

        @Test
        void settling_more_than_the_source_pool_is_an_invariant_violation() {
            Held h = held(100, 60);
            // Given 60 held; When 61 is committed or voided at the source; Then LedgerInvariantViolation
            for (HoldAction action : HoldAction.values()) {
                assertThatThrownBy(() -> BalanceDecisions.settleHold(h.source(), action, HoldSide.SOURCE, big(61), TXN,
                        NOW, NOW)).isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("exceeds");
            }
        }

        @Test
        void settling_more_than_the_destination_pool_is_an_invariant_violation() {
            Held h = held(100, 60);
            // Given 60 inflight credit; When 61 is committed or voided at the destination; Then LedgerInvariantViolation
            for (HoldAction action : HoldAction.values()) {
                assertThatThrownBy(() -> BalanceDecisions.settleHold(h.destination(), action, HoldSide.DESTINATION,
                        big(61), TXN, NOW, NOW)).isInstanceOf(LedgerInvariantViolation.class);
            }
        }

        @Test
        void settling_on_the_wrong_side_is_an_invariant_violation() {
            // Given a source with only inflight debit; When its (empty) inflight credit pool is settled
            Held h = held(100, 60);
            // Then LedgerInvariantViolation: the side selects the pool
            assertThatThrownBy(() -> BalanceDecisions.settleHold(h.source(), HoldAction.COMMIT, HoldSide.DESTINATION,
                    big(1), TXN, NOW, NOW)).isInstanceOf(LedgerInvariantViolation.class);
            assertThatThrownBy(() -> BalanceDecisions.settleHold(h.destination(), HoldAction.VOID, HoldSide.SOURCE,
                    big(1), TXN, NOW, NOW)).isInstanceOf(LedgerInvariantViolation.class);
        }

        @Test
        void settling_on_a_missing_balance_is_an_invariant_violation() {
            // Given no balance; When a hold is settled on it; Then LedgerInvariantViolation
            for (HoldAction action : HoldAction.values()) {
                for (HoldSide side : HoldSide.values()) {
                    assertThatThrownBy(() -> BalanceDecisions.settleHold(null, action, side, big(1), TXN, NOW, NOW))
                            .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("missing");
                }
            }
        }

        @Test
        void settling_a_non_positive_amount_is_an_invariant_violation() {
            // Given 60 held; When 0 or -1 is settled; Then LedgerInvariantViolation (never a silent no-op or a reversal)
            Held h = held(100, 60);
            for (long amount : new long[] {0, -1}) {
                assertThatThrownBy(() -> BalanceDecisions.settleHold(h.source(), HoldAction.COMMIT, HoldSide.SOURCE,
                        big(amount), TXN, NOW, NOW)).isInstanceOf(LedgerInvariantViolation.class);
                assertThatThrownBy(() -> BalanceDecisions.settleHold(h.destination(), HoldAction.VOID, HoldSide.DESTINATION,
                        big(amount), TXN, NOW, NOW)).isInstanceOf(LedgerInvariantViolation.class);
            }
        }
    }

    @Nested
    class Entries {

        @Test
        void each_settlement_writes_one_entry_of_its_kind_with_the_next_version_on_the_chain() {
            // Given a hold of 60 (source v2: OPEN, CREDIT, INFLIGHT_DEBIT; destination v1: OPEN, INFLIGHT_CREDIT)
            Held h = held(100, 60);
            assertThat(h.source().version()).isEqualTo(2);
            assertThat(h.destination().version()).isEqualTo(1);
            record Case(HoldAction action, HoldSide side, EntryKind kind) {
            }
            for (Case c : List.of(new Case(HoldAction.COMMIT, HoldSide.SOURCE, EntryKind.COMMIT_DEBIT),
                    new Case(HoldAction.VOID, HoldSide.SOURCE, EntryKind.VOID_DEBIT),
                    new Case(HoldAction.COMMIT, HoldSide.DESTINATION, EntryKind.COMMIT_CREDIT),
                    new Case(HoldAction.VOID, HoldSide.DESTINATION, EntryKind.VOID_CREDIT))) {
                Balance before = c.side() == HoldSide.SOURCE ? h.source() : h.destination();
                // When 10 of it is settled
                Decision.Applied d = settle(before, c.action(), c.side(), 10);
                // Then one entry of the expected kind, version + 1, recording the result, linked and sealed
                Entry e = only(d);
                assertThat(e.kind()).as("%s", c).isEqualTo(c.kind());
                assertThat(e.version()).isEqualTo(before.version() + 1);
                assertThat(d.balance().version()).isEqualTo(e.version());
                assertThat(e.amount()).isEqualTo(big(10));
                assertThat(e.transactionId()).isEqualTo(TXN);
                assertThat(e.recordedAtMs()).isEqualTo(NOW + 1);
                assertThat(e.effectiveAtMs()).isEqualTo(EFFECTIVE);
                assertThat(e.creditBalance()).isEqualTo(d.balance().creditBalance());
                assertThat(e.debitBalance()).isEqualTo(d.balance().debitBalance());
                assertThat(e.inflightCreditBalance()).isEqualTo(d.balance().inflightCreditBalance());
                assertThat(e.inflightDebitBalance()).isEqualTo(d.balance().inflightDebitBalance());
                assertThat(e.inflightBalance()).isEqualTo(d.balance().inflightBalance());
                assertThat(e.balance()).isEqualTo(d.balance().balance());
                Invariants.checkEntryFollows(before, e);
                assertThat(d.balance().headHash()).isEqualTo(e.hash());
                Invariants.checkBalance(d.balance());
            }
        }

        @Test
        void a_full_hold_commit_chain_verifies_from_genesis() {
            // Given the source's whole life: OPEN, CREDIT (funding), INFLIGHT_DEBIT, COMMIT_DEBIT x2
            Balance open = opened(SRC);
            Transfer fund = new Transfer("txn_fund", "bln_world", SRC, null, null, big(100), "USD", false, null, NOW);
            Decision.Applied d1 = applied(BalanceDecisions.credit(open, fund, NOW));
            Decision.Applied d2 = applied(BalanceDecisions.debit(d1.balance(), inflight(TXN, 60), NOW));
            Decision.Applied d3 = settle(d2.balance(), HoldAction.COMMIT, HoldSide.SOURCE, 10);
            Decision.Applied d4 = settle(d3.balance(), HoldAction.COMMIT, HoldSide.SOURCE, 50);
            List<Entry> chain = List.of(
                    applied(BalanceDecisions.open(null, new OpenBalance(SRC, "ldg_1", "USD", null, "", "{}", NOW)))
                            .entries().get(0),
                    only(d1), only(d2), only(d3), only(d4));
            // When the chain is walked from genesis; Then every link verifies, kinds in order, versions 0..4
            Balance prev = null;
            for (int v = 0; v < chain.size(); v++) {
                Entry e = chain.get(v);
                assertThat(e.version()).isEqualTo(v);
                Invariants.checkEntryFollows(prev, e);
                prev = LedgerPropertiesTest.stateOf(e);
            }
            assertThat(chain).extracting(Entry::kind).containsExactly(EntryKind.OPEN, EntryKind.CREDIT,
                    EntryKind.INFLIGHT_DEBIT, EntryKind.COMMIT_DEBIT, EntryKind.COMMIT_DEBIT);
            assertThat(d4.balance().headHash()).isEqualTo(chain.get(4).hash());
        }
    }
}
