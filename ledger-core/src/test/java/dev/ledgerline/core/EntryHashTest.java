package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/*
 * Goal: an entry's hash seals every field and its link to the previous entry, and the encoding
 * does not drift silently. Method: build one fixed OPEN entry through BalanceDecisions.open, pin
 * its hash (known answer), then change each field in turn and check the hash and the chain check.
 */
class EntryHashTest {

    /** Pinned once (and recomputed independently in Python from the documented encoding); a change here means the wire hash changed. */
    static final String KNOWN_OPEN_HASH = "a8a252e8606c7237906b98e1df33e0c1c53c0f3d41d2104d6d70eabc95e604d7";

    static final OpenBalance FIXED = new OpenBalance("bln_00000000-0000-0000-0000-000000000001", "ldg_fixed",
            "USD", null, "idt_1", "{\"k\":\"v\"}", 1_700_000_000_000L);

    private static Entry fixedOpenEntry() {
        Decision.Applied opened = (Decision.Applied) BalanceDecisions.open(null, FIXED);
        return opened.entries().get(0);
    }

    @Test
    void the_hash_of_a_fixed_open_entry_is_pinned() {
        // Given a fixed OPEN command
        // When the balance is opened
        Entry open = fixedOpenEntry();
        // Then the entry is version 0 on the genesis hash, and its hash is the pinned known answer
        assertThat(open.version()).isZero();
        assertThat(open.kind()).isEqualTo(EntryKind.OPEN);
        assertThat(open.prevHash()).isEqualTo(Canonical.GENESIS_HASH);
        assertThat(open.hash()).isEqualTo(KNOWN_OPEN_HASH);
    }

    @Test
    void a_sealed_entry_follows_an_absent_balance() {
        // Given the fixed OPEN entry
        // When checked as the first entry of its balance
        // Then it is accepted
        Invariants.checkEntryFollows(null, fixedOpenEntry());
    }

    @Test
    void changing_any_field_or_the_previous_hash_changes_the_hash() {
        // Given the fixed OPEN entry and one variant per field
        Entry e = fixedOpenEntry();
        List<UnaryOperator<Entry>> changes = new ArrayList<>();
        changes.add(x -> copy(x, 0, "bln_other"));
        changes.add(x -> copy(x, 1, 1L));
        changes.add(x -> copy(x, 2, EntryKind.CREDIT));
        changes.add(x -> copy(x, 3, "ldg_other"));
        changes.add(x -> copy(x, 4, "EUR"));
        changes.add(x -> copy(x, 5, "@World"));
        changes.add(x -> copy(x, 5, ""));
        changes.add(x -> copy(x, 6, "idt_2"));
        changes.add(x -> copy(x, 7, "txn_1"));
        changes.add(x -> copy(x, 8, BigInteger.ONE));
        changes.add(x -> copy(x, 9, BigInteger.ONE));
        changes.add(x -> copy(x, 10, BigInteger.ONE));
        changes.add(x -> copy(x, 11, BigInteger.ONE));
        changes.add(x -> copy(x, 12, BigInteger.ONE));
        changes.add(x -> copy(x, 13, BigInteger.ONE));
        changes.add(x -> copy(x, 14, BigInteger.ONE));
        changes.add(x -> copy(x, 15, "{}"));
        changes.add(x -> copy(x, 16, 1L));
        changes.add(x -> copy(x, 17, 1L));
        changes.add(x -> copy(x, 18, 1L));
        changes.add(x -> copy(x, 19, "1".repeat(64)));
        // When each variant's expected hash is computed
        // Then every one differs from the original hash, and the tampered entry fails the chain check
        for (UnaryOperator<Entry> change : changes) {
            Entry tampered = change.apply(e);
            assertThat(tampered).isNotEqualTo(e);
            assertThat(tampered.expectedHash()).as("variant %s", tampered).isNotEqualTo(e.hash());
            if (tampered.version() == 0 && tampered.prevHash().equals(Canonical.GENESIS_HASH)
                    && tampered.balance().equals(tampered.creditBalance().subtract(tampered.debitBalance()))) {
                assertThatThrownBy(() -> Invariants.checkEntryFollows(null, tampered))
                        .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("not sealed");
            } else {
                assertThatThrownBy(() -> Invariants.checkEntryFollows(null, tampered))
                        .isInstanceOf(LedgerInvariantViolation.class);
            }
        }
    }

    @Test
    void an_entry_that_does_not_link_to_the_head_or_skips_a_version_is_refused() {
        // Given an opened balance and a debit-free credit on it
        Decision.Applied opened = (Decision.Applied) BalanceDecisions.open(null, FIXED);
        Balance b = opened.balance();
        Transfer t = new Transfer("txn_1", "bln_src", b.balanceId(), null, null, BigInteger.TEN, "USD", false, null, 5L);
        Entry credit = ((Decision.Applied) BalanceDecisions.credit(b, t, 5L)).entries().get(0);
        // When checked against the wrong head or the wrong version
        Balance wrongHead = b.withSettled(b.creditBalance(), b.debitBalance(), b.version(), "a".repeat(64));
        Balance wrongVersion = b.withSettled(b.creditBalance(), b.debitBalance(), 3, b.headHash());
        // Then the correct predecessor accepts it and both wrong ones refuse it
        Invariants.checkEntryFollows(b, credit);
        assertThatThrownBy(() -> Invariants.checkEntryFollows(wrongHead, credit))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("does not link");
        assertThatThrownBy(() -> Invariants.checkEntryFollows(wrongVersion, credit))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("version");
        assertThat(credit.prevHash()).isEqualTo(opened.entries().get(0).hash());
    }

    /** A copy of {@code e} with component {@code index} replaced (hash kept, so the seal is stale). */
    private static Entry copy(Entry e, int index, Object value) {
        Object[] v = {e.balanceId(), e.version(), e.kind(), e.ledgerId(), e.currency(), e.indicator(), e.identityId(),
                e.transactionId(), e.amount(), e.balance(), e.creditBalance(), e.debitBalance(), e.inflightBalance(),
                e.inflightCreditBalance(), e.inflightDebitBalance(), e.metaDataJson(), e.balanceCreatedAtMs(),
                e.recordedAtMs(), e.effectiveAtMs(), e.prevHash(), e.hash()};
        v[index] = value;
        return new Entry((String) v[0], (Long) v[1], (EntryKind) v[2], (String) v[3], (String) v[4], (String) v[5],
                (String) v[6], (String) v[7], (BigInteger) v[8], (BigInteger) v[9], (BigInteger) v[10],
                (BigInteger) v[11], (BigInteger) v[12], (BigInteger) v[13], (BigInteger) v[14], (String) v[15],
                (Long) v[16], (Long) v[17], (Long) v[18], (String) v[19], (String) v[20]);
    }
}
