package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/*
 * Goal: the per-balance state-transition function decides each step of a transfer as Blnk does
 * (blnk-core.md 3.5, 3.7) and seals every change onto the balance's hash chain.
 * Method: example tests grouped by step (open, prepareCredit, debit, credit) plus the ledger
 * registry rules; within each group one test per rejection reason the step can return, in
 * RejectionReason's precedence order, followed by the applied paths and their boundaries.
 */
class BalanceDecisionsTest {

    static final long NOW = 1_700_000_000_000L;
    static final String SRC = "bln_src";
    static final String DST = "bln_dst";

    static Balance opened(String id, String currency) {
        return applied(BalanceDecisions.open(null, new OpenBalance(id, "ldg_1", currency, null, "", "{}", NOW))).balance();
    }

    static Decision.Applied applied(Decision d) {
        assertThat(d).isInstanceOf(Decision.Applied.class);
        return (Decision.Applied) d;
    }

    static RejectionReason rejected(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) d).reason();
    }

    static Transfer transfer(long amount, String currency) {
        return transfer(BigInteger.valueOf(amount), currency, false, BigInteger.ZERO);
    }

    static Transfer transfer(BigInteger amount, String currency, boolean allowOverdraft, BigInteger limit) {
        return new Transfer("txn_1", SRC, DST, null, null, amount, currency, allowOverdraft, limit, NOW);
    }

    /** {@code b} after a credit of {@code amount} (how a balance gets funds). */
    static Balance funded(Balance b, long amount) {
        Transfer t = new Transfer("txn_fund", "bln_x", b.balanceId(), null, null, BigInteger.valueOf(amount),
                b.currency(), false, null, NOW);
        return applied(BalanceDecisions.credit(b, t, NOW)).balance();
    }

    static Balance withInflightDebit(Balance b, long inflightDebit) {
        return new Balance(b.balanceId(), b.ledgerId(), b.currency(), b.indicator(), b.identityId(), b.creditBalance(),
                b.debitBalance(), b.inflightCreditBalance(), BigInteger.valueOf(inflightDebit), b.version(),
                b.headHash(), b.createdAtMs(), b.metaDataJson());
    }

    @Nested
    class Open {

        @Test
        void opening_an_existing_balance_is_rejected_as_balance_already_exists() {
            // Given an existing balance
            Balance existing = opened(DST, "USD");
            // When it is opened again
            Decision d = BalanceDecisions.open(existing, new OpenBalance(DST, "ldg_1", "USD", null, "", "{}", NOW));
            // Then BALANCE_ALREADY_EXISTS
            assertThat(rejected(d)).isEqualTo(RejectionReason.BALANCE_ALREADY_EXISTS);
        }

        @Test
        void opening_writes_version_zero_on_the_genesis_hash_with_all_amounts_zero() {
            // Given no balance
            // When it is opened
            Decision.Applied d = applied(BalanceDecisions.open(null,
                    new OpenBalance(DST, "ldg_1", "EUR", null, null, null, NOW)));
            // Then one sealed OPEN entry v0 links to genesis and the state's head is that entry
            assertThat(d.entries()).hasSize(1);
            Entry e = d.entries().get(0);
            assertThat(e.kind()).isEqualTo(EntryKind.OPEN);
            assertThat(e.version()).isZero();
            assertThat(e.prevHash()).isEqualTo(Canonical.GENESIS_HASH);
            assertThat(e.transactionId()).isNull();
            assertThat(e.amount()).isZero();
            Invariants.checkEntryFollows(null, e);
            Balance b = d.balance();
            assertThat(b.version()).isZero();
            assertThat(b.headHash()).isEqualTo(e.hash());
            assertThat(b.balance()).isZero();
            assertThat(b.identityId()).isEmpty();
            assertThat(b.metaDataJson()).isEqualTo("{}");
            Invariants.checkBalance(b);
        }
    }

    @Nested
    class PrepareCredit {

        @Test
        void a_non_positive_amount_is_rejected_before_the_destination_is_looked_at() {
            // Given a missing @indicator destination and a zero or negative amount
            Transfer zero = new Transfer("txn_1", SRC, DST, null, "@Sink", BigInteger.ZERO, "USD", false, null, NOW);
            Transfer negative = new Transfer("txn_1", SRC, DST, null, null, BigInteger.ONE.negate(), "USD", false, null, NOW);
            // When prepared
            // Then AMOUNT_MUST_BE_POSITIVE (it precedes DESTINATION_NOT_FOUND) and no balance is created
            assertThat(rejected(BalanceDecisions.prepareCredit(null, zero, NOW))).isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
            assertThat(rejected(BalanceDecisions.prepareCredit(null, negative, NOW))).isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }

        @Test
        void a_transfer_to_itself_is_rejected_as_source_equals_destination() {
            // Given a transfer whose source and destination resolve to the same balance (e.g. @World to @World)
            Transfer toItself = new Transfer("txn_1", DST, DST, "@Same", "@Same", BigInteger.TEN, "USD", true, null, NOW);
            // When prepared
            // Then SOURCE_EQUALS_DESTINATION, before the destination is looked at (nothing is created)
            assertThat(rejected(BalanceDecisions.prepareCredit(null, toItself, NOW)))
                    .isEqualTo(RejectionReason.SOURCE_EQUALS_DESTINATION);
        }

        @Test
        void a_missing_destination_is_rejected_as_destination_not_found() {
            // Given no destination balance and no indicator
            // When prepared
            // Then DESTINATION_NOT_FOUND
            assertThat(rejected(BalanceDecisions.prepareCredit(null, transfer(10, "USD"), NOW)))
                    .isEqualTo(RejectionReason.DESTINATION_NOT_FOUND);
        }

        @Test
        void a_destination_in_another_currency_is_rejected_as_destination_currency_mismatch() {
            // Given a EUR destination
            Balance dst = opened(DST, "EUR");
            // When a USD transfer is prepared
            // Then DESTINATION_CURRENCY_MISMATCH and the destination is untouched
            Balance copy = dst.withSettled(dst.creditBalance(), dst.debitBalance(), dst.version(), dst.headHash());
            assertThat(rejected(BalanceDecisions.prepareCredit(dst, transfer(10, "USD"), NOW)))
                    .isEqualTo(RejectionReason.DESTINATION_CURRENCY_MISMATCH);
            assertThat(dst).isEqualTo(copy);
        }

        @Test
        void an_existing_destination_in_the_currency_is_accepted_without_change() {
            // Given a USD destination
            Balance dst = opened(DST, "USD");
            // When a USD transfer is prepared
            Decision.Applied d = applied(BalanceDecisions.prepareCredit(dst, transfer(10, "USD"), NOW));
            // Then the state is the same and nothing is written
            assertThat(d.balance()).isEqualTo(dst);
            assertThat(d.entries()).isEmpty();
        }

        @Test
        void a_missing_indicator_destination_is_created_in_the_general_ledger() {
            // Given no @Sink balance in USD
            String id = Ids.indicatorBalanceId("@Sink", "USD");
            Transfer t = new Transfer("txn_1", SRC, id, null, "@Sink", BigInteger.TEN, "USD", false, null, NOW);
            // When prepared
            Decision.Applied d = applied(BalanceDecisions.prepareCredit(null, t, NOW));
            // Then it is opened (OPEN v0) in the General Ledger with the indicator and currency
            assertThat(d.entries()).extracting(Entry::kind).containsExactly(EntryKind.OPEN);
            Invariants.checkEntryFollows(null, d.entries().get(0));
            assertThat(d.balance().balanceId()).isEqualTo(id);
            assertThat(d.balance().ledgerId()).isEqualTo(Ids.GENERAL_LEDGER_ID);
            assertThat(d.balance().indicator()).isEqualTo("@Sink");
            assertThat(d.balance().currency()).isEqualTo("USD");
            assertThat(d.balance().balance()).isZero();
        }
    }

    @Nested
    class Debit {

        @Test
        void a_zero_amount_is_rejected_as_amount_must_be_positive() {
            // Given a funded source
            Balance src = funded(opened(SRC, "USD"), 100);
            // When 0 and -1 are debited
            // Then AMOUNT_MUST_BE_POSITIVE
            assertThat(rejected(BalanceDecisions.debit(src, transfer(0, "USD"), NOW))).isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
            assertThat(rejected(BalanceDecisions.debit(src, transfer(-1, "USD"), NOW))).isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }

        @Test
        void a_missing_source_is_rejected_as_source_not_found() {
            // Given no source balance and no indicator
            // When debited
            // Then SOURCE_NOT_FOUND
            assertThat(rejected(BalanceDecisions.debit(null, transfer(10, "USD"), NOW))).isEqualTo(RejectionReason.SOURCE_NOT_FOUND);
        }

        @Test
        void a_source_in_another_currency_is_rejected_as_source_currency_mismatch() {
            // Given a funded EUR source
            Balance src = funded(opened(SRC, "EUR"), 100);
            // When a USD transfer debits it
            // Then SOURCE_CURRENCY_MISMATCH
            assertThat(rejected(BalanceDecisions.debit(src, transfer(10, "USD"), NOW))).isEqualTo(RejectionReason.SOURCE_CURRENCY_MISMATCH);
        }

        @Test
        void spending_more_than_available_without_overdraft_is_rejected_as_insufficient_funds() {
            // Given a source holding 100
            Balance src = funded(opened(SRC, "USD"), 100);
            // When 101 is debited
            // Then INSUFFICIENT_FUNDS
            assertThat(rejected(BalanceDecisions.debit(src, transfer(101, "USD"), NOW))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        }

        @Test
        void going_below_minus_the_overdraft_limit_is_rejected_as_overdraft_limit_exceeded() {
            // Given a source holding 100 and a limit of 50
            Balance src = funded(opened(SRC, "USD"), 100);
            // When 151 is debited (to -51)
            // Then OVERDRAFT_LIMIT_EXCEEDED, with or without allow_overdraft
            assertThat(rejected(BalanceDecisions.debit(src, transfer(BigInteger.valueOf(151), "USD", false, BigInteger.valueOf(50)), NOW)))
                    .isEqualTo(RejectionReason.OVERDRAFT_LIMIT_EXCEEDED);
            assertThat(rejected(BalanceDecisions.debit(src, transfer(BigInteger.valueOf(151), "USD", true, BigInteger.valueOf(50)), NOW)))
                    .isEqualTo(RejectionReason.OVERDRAFT_LIMIT_EXCEEDED);
        }

        @Test
        void a_rejection_changes_nothing() {
            // Given a source holding 100 and a copy of it
            Balance src = funded(opened(SRC, "USD"), 100);
            Balance copy = src.withSettled(src.creditBalance(), src.debitBalance(), src.version(), src.headHash());
            // When an over-spend is debited
            Decision d = BalanceDecisions.debit(src, transfer(1_000, "USD"), NOW);
            // Then the decision is a bare rejection and the caller's balance is unchanged
            assertThat(d).isEqualTo(new Decision.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
            assertThat(d.isApplied()).isFalse();
            assertThat(src).isEqualTo(copy);
        }

        @Test
        void exactly_the_available_amount_can_be_spent() {
            // Given a source holding 100
            Balance src = funded(opened(SRC, "USD"), 100);
            // When exactly 100 is debited
            Decision.Applied d = applied(BalanceDecisions.debit(src, transfer(100, "USD"), NOW));
            // Then the balance is zero and one DEBIT entry continues the chain
            assertThat(d.balance().balance()).isZero();
            assertThat(d.balance().debitBalance()).isEqualTo(BigInteger.valueOf(100));
            assertThat(d.entries()).hasSize(1);
            Entry e = d.entries().get(0);
            assertThat(e.kind()).isEqualTo(EntryKind.DEBIT);
            assertThat(e.amount()).isEqualTo(BigInteger.valueOf(100));
            assertThat(e.transactionId()).isEqualTo("txn_1");
            Invariants.checkEntryFollows(src, e);
            assertThat(d.balance().version()).isEqualTo(src.version() + 1);
            assertThat(d.balance().headHash()).isEqualTo(e.hash());
        }

        @Test
        void inflight_debits_reduce_what_can_be_spent() {
            // Given a source holding 100 with 30 held inflight
            Balance src = withInflightDebit(funded(opened(SRC, "USD"), 100), 30);
            // When 71 and then 70 are debited
            // Then 71 is refused and 70 is accepted
            assertThat(rejected(BalanceDecisions.debit(src, transfer(71, "USD"), NOW))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
            Decision.Applied d = applied(BalanceDecisions.debit(src, transfer(70, "USD"), NOW));
            assertThat(d.balance().available()).isZero();
            assertThat(d.balance().balance()).isEqualTo(BigInteger.valueOf(30));
        }

        @Test
        void an_overdraft_limit_allows_exactly_down_to_minus_the_limit() {
            // Given a source holding 100 and a limit of 50
            Balance src = funded(opened(SRC, "USD"), 100);
            // When 150 is debited
            Decision.Applied d = applied(BalanceDecisions.debit(src,
                    transfer(BigInteger.valueOf(150), "USD", false, BigInteger.valueOf(50)), NOW));
            // Then the balance is exactly -50
            assertThat(d.balance().balance()).isEqualTo(BigInteger.valueOf(-50));
        }

        @Test
        void allow_overdraft_without_a_limit_is_unlimited() {
            // Given an empty source
            Balance src = opened(SRC, "USD");
            BigInteger huge = BigInteger.TEN.pow(50);
            // When 10^50 is debited with allow_overdraft and no limit
            Decision.Applied d = applied(BalanceDecisions.debit(src, transfer(huge, "USD", true, BigInteger.ZERO), NOW));
            // Then it applies
            assertThat(d.balance().balance()).isEqualTo(huge.negate());
            Invariants.checkEntryFollows(src, d.entries().get(0));
        }

        @Test
        void a_negative_overdraft_limit_counts_as_no_limit_and_never_breaks_an_invariant() {
            // Given a source holding 100 and a (malformed) negative limit of -10
            Balance src = funded(opened(SRC, "USD"), 100);
            BigInteger minusTen = BigInteger.valueOf(-10);
            // When 95 (within funds), 100 (exactly the funds) and 101 (beyond) are debited
            // Then the first two apply as a plain debit would, and the third is INSUFFICIENT_FUNDS; nothing throws
            assertThat(applied(BalanceDecisions.debit(src, transfer(BigInteger.valueOf(95), "USD", false, minusTen), NOW))
                    .balance().balance()).isEqualTo(BigInteger.valueOf(5));
            assertThat(applied(BalanceDecisions.debit(src, transfer(BigInteger.valueOf(100), "USD", true, minusTen), NOW))
                    .balance().balance()).isZero();
            assertThat(rejected(BalanceDecisions.debit(src, transfer(BigInteger.valueOf(101), "USD", false, minusTen), NOW)))
                    .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        }

        @Test
        void a_missing_indicator_source_is_created_and_debited_in_one_decision() {
            // Given no @World balance in USD
            String id = Ids.indicatorBalanceId("@World", "USD");
            Transfer t = new Transfer("txn_1", id, DST, "@World", null, BigInteger.valueOf(500), "USD", true, null, NOW);
            // When debited with allow_overdraft
            Decision.Applied d = applied(BalanceDecisions.debit(null, t, NOW));
            // Then OPEN v0 and DEBIT v1 are written, chained, and the balance is -500 in the General Ledger
            List<Entry> entries = d.entries();
            assertThat(entries).extracting(Entry::kind).containsExactly(EntryKind.OPEN, EntryKind.DEBIT);
            assertThat(entries).extracting(Entry::version).containsExactly(0L, 1L);
            Invariants.checkEntryFollows(null, entries.get(0));
            assertThat(entries.get(1).prevHash()).isEqualTo(entries.get(0).hash());
            assertThat(entries.get(1).hash()).isEqualTo(entries.get(1).expectedHash());
            assertThat(d.balance().balance()).isEqualTo(BigInteger.valueOf(-500));
            assertThat(d.balance().ledgerId()).isEqualTo(Ids.GENERAL_LEDGER_ID);
            assertThat(d.balance().indicator()).isEqualTo("@World");
            assertThat(d.balance().version()).isEqualTo(1);
            assertThat(d.balance().headHash()).isEqualTo(entries.get(1).hash());
        }

        @Test
        void a_missing_indicator_source_without_funds_is_neither_created_nor_debited() {
            // Given no @Empty balance
            Transfer t = new Transfer("txn_1", Ids.indicatorBalanceId("@Empty", "USD"), DST, "@Empty", null,
                    BigInteger.ONE, "USD", false, null, NOW);
            // When debited without overdraft
            // Then INSUFFICIENT_FUNDS and nothing is written
            assertThat(BalanceDecisions.debit(null, t, NOW)).isEqualTo(new Decision.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
        }
    }

    @Nested
    class Credit {

        @Test
        void a_credit_always_applies_and_continues_the_chain() {
            // Given a destination with 5 already
            Balance dst = funded(opened(DST, "USD"), 5);
            // When 10^40 is credited
            BigInteger huge = BigInteger.TEN.pow(40);
            Decision.Applied d = applied(BalanceDecisions.credit(dst, transfer(huge, "USD", false, BigInteger.ZERO), NOW));
            // Then credit_balance grows, version +1, one CREDIT entry linked to the old head
            assertThat(d.balance().creditBalance()).isEqualTo(huge.add(BigInteger.valueOf(5)));
            assertThat(d.entries()).extracting(Entry::kind).containsExactly(EntryKind.CREDIT);
            Invariants.checkEntryFollows(dst, d.entries().get(0));
            assertThat(d.balance().version()).isEqualTo(2);
        }

        @Test
        void a_credit_reaching_a_missing_destination_is_an_invariant_violation() {
            // Given no destination
            // When credited
            // Then LedgerInvariantViolation (a bug, never a rejection)
            assertThatThrownBy(() -> BalanceDecisions.credit(null, transfer(10, "USD"), NOW))
                    .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining(DST);
        }

        @Test
        void a_credit_in_another_currency_is_an_invariant_violation() {
            // Given a EUR destination
            Balance dst = opened(DST, "EUR");
            // When a USD credit reaches it
            // Then LedgerInvariantViolation
            assertThatThrownBy(() -> BalanceDecisions.credit(dst, transfer(10, "USD"), NOW))
                    .isInstanceOf(LedgerInvariantViolation.class);
        }
    }

    @Nested
    class Ledgers {

        @Test
        void creating_a_balance_in_an_unknown_ledger_is_rejected_as_ledger_not_found() {
            // Given a ledger the registry does not know
            // When a balance is created in it
            // Then LEDGER_NOT_FOUND
            assertThat(LedgerDecisions.createBalance("ldg_unknown", false)).contains(RejectionReason.LEDGER_NOT_FOUND);
        }

        @Test
        void creating_a_known_ledger_again_is_rejected_as_ledger_already_exists() {
            // Given a known ledger, and the General Ledger
            // When created again
            // Then LEDGER_ALREADY_EXISTS
            assertThat(LedgerDecisions.createLedger("ldg_1", true)).contains(RejectionReason.LEDGER_ALREADY_EXISTS);
            assertThat(LedgerDecisions.createLedger(Ids.GENERAL_LEDGER_ID, false)).contains(RejectionReason.LEDGER_ALREADY_EXISTS);
        }

        @Test
        void the_general_ledger_always_exists() {
            // Given a registry that has recorded nothing
            // When asked about the General Ledger
            // Then it exists and balances may be created in it
            assertThat(LedgerDecisions.exists(Ids.GENERAL_LEDGER_ID, false)).isTrue();
            assertThat(LedgerDecisions.createBalance(Ids.GENERAL_LEDGER_ID, false)).isEmpty();
            assertThat(LedgerDecisions.exists("ldg_unknown", false)).isFalse();
        }

        @Test
        void a_new_ledger_may_be_created_and_a_known_one_holds_balances() {
            // Given an unknown ledger id and a known one
            // When / Then the unknown can be created and the known accepts balances
            assertThat(LedgerDecisions.createLedger("ldg_new", false)).isEmpty();
            assertThat(LedgerDecisions.createBalance("ldg_1", true)).isEmpty();
        }
    }
}
