package dev.ledgerline.projection.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.EntryKind;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.projection.integrity.ProjectionView.ProjectedBalance;
import dev.ledgerline.projection.integrity.ProjectionView.ProjectedEntry;
import dev.ledgerline.projection.integrity.VerifyReport.Broken;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.core.TransactionHash;

/*
 * Goal: every kind of tampering with the log or the projection is detected, and the report names
 * the first broken link (balance, version, topic, partition, offset, reason). Method: build a small
 * valid log in memory (balance A in partition 0, balance B in partition 1, seals on both), check it
 * verifies, then verify one tampered copy per case.
 */
class VerifierTest {

    static final String A = "bln_a";
    static final String B = "bln_b";
    private final Verifier verifier = new Verifier(Duration.ZERO);

    /** A: open, +100, -30, +5 (partition 0); B: open, +30 (partition 1). */
    private static List<LogRecord<BalanceEntry>> entries() {
        List<LogRecord<BalanceEntry>> log = new ArrayList<>();
        List<Entry> a = chain(A, new long[][] {{0, 0}, {100, 0}, {100, 30}, {105, 30}});
        List<Entry> b = chain(B, new long[][] {{0, 0}, {30, 0}});
        for (int i = 0; i < a.size(); i++) {
            log.add(new LogRecord<>(Topics.ENTRIES, 0, 10 + i, A, wire(a.get(i))));
        }
        for (int i = 0; i < b.size(); i++) {
            log.add(new LogRecord<>(Topics.ENTRIES, 1, 20 + i, B, wire(b.get(i))));
        }
        return log;
    }

    /** Partition 0: seal 1 binds A v1, seal 2 binds A v3. Partition 1: seal 1 binds B v1. */
    private static List<LogRecord<SealRecord>> seals(List<LogRecord<BalanceEntry>> entries) {
        SealRecord p0s1 = seal(0, 1, Canonical.GENESIS_HASH, List.of(head(entries.get(1).value())));
        SealRecord p0s2 = seal(0, 2, p0s1.getSealHash(), List.of(head(entries.get(3).value())));
        SealRecord p1s1 = seal(1, 1, Canonical.GENESIS_HASH, List.of(head(entries.get(5).value())));
        return new ArrayList<>(List.of(new LogRecord<>(Topics.SEALS, 0, 0, "0", p0s1),
                new LogRecord<>(Topics.SEALS, 0, 1, "0", p0s2), new LogRecord<>(Topics.SEALS, 1, 0, "1", p1s1)));
    }

    private static InMemoryProjection projectionOf(List<LogRecord<BalanceEntry>> entries) {
        InMemoryProjection projection = new InMemoryProjection();
        for (LogRecord<BalanceEntry> record : entries) {
            BalanceEntry e = record.value();
            projection.rows.put(e.getBalanceId(), new ProjectedBalance(e.getBalanceId(), e.getVersion(), e.getHash(),
                    n(e.getBalance()), n(e.getCreditBalance()), n(e.getDebitBalance()), n(e.getInflightBalance()),
                    n(e.getInflightCreditBalance()), n(e.getInflightDebitBalance())));
            projection.entries.add(new ProjectedEntry(e.getBalanceId(), e.getVersion(), e.getKind().name(),
                    e.getTransactionId(), n(e.getAmount()), n(e.getBalance()), n(e.getCreditBalance()),
                    n(e.getDebitBalance()), n(e.getInflightBalance()), n(e.getInflightCreditBalance()),
                    n(e.getInflightDebitBalance()), e.getPrevHash(), e.getHash(), record.partition(), record.offset()));
        }
        return projection;
    }

    @Test
    void an_untouched_log_and_projection_verify() {
        List<LogRecord<BalanceEntry>> entries = entries();
        VerifyReport report = verifier.verify(new EventLog.Snapshot(entries, seals(entries)), projectionOf(entries), null);
        assertThat(report).isEqualTo(new VerifyReport(true, 6, 3, null));
    }

    @Test
    void a_changed_amount_is_a_hash_mismatch_at_that_entry() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 2, e -> rebuild(e).setAmount("3000").build());
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(A, 2L, Topics.ENTRIES, 0, 12L, broken.reason()));
        assertThat(broken.code()).isEqualTo("hash_mismatch");
    }

    @Test
    void a_dropped_entry_is_a_version_gap_at_the_next_one() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = new ArrayList<>(entries);
        tampered.remove(2);
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(A, 3L, Topics.ENTRIES, 0, 13L, broken.reason()));
        assertThat(broken.code()).isEqualTo("version_gap");
        assertThat(broken.reason()).contains("expected version 2");
    }

    @Test
    void a_dropped_last_entry_is_named_by_the_seal_that_bound_it() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = new ArrayList<>(entries);
        tampered.remove(3);
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(tampered));
        assertThat(broken).isEqualTo(new Broken(A, 3L, Topics.SEALS, 0, 1L, broken.reason()));
        assertThat(broken.code()).isEqualTo("sealed_entry_missing");
    }

    @Test
    void two_reordered_entries_break_the_version_sequence() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = new ArrayList<>(entries);
        // v2 and v3 swap places in the partition (each takes the other's offset)
        tampered.set(2, new LogRecord<>(Topics.ENTRIES, 0, 12, A, entries.get(3).value()));
        tampered.set(3, new LogRecord<>(Topics.ENTRIES, 0, 13, A, entries.get(2).value()));
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(A, 3L, Topics.ENTRIES, 0, 12L, broken.reason()));
        assertThat(broken.code()).isEqualTo("version_gap");
    }

    @Test
    void a_hash_recomputed_without_the_chain_is_a_hash_mismatch() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 2, e -> {
            BalanceEntry changed = rebuild(e).setAmount("3000").build();
            return rebuild(changed).setHash(Verifier.toCore(changed).canonical().hash()).build();
        });
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(A, 2L, Topics.ENTRIES, 0, 12L, broken.reason()));
        assertThat(broken.code()).isEqualTo("hash_mismatch");
    }

    @Test
    void a_forged_entry_rehashed_on_its_chain_breaks_the_next_link() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 2, VerifierTest::forgeDebitOf40);
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(A, 3L, Topics.ENTRIES, 0, 13L, broken.reason()));
        assertThat(broken.code()).isEqualTo("prev_hash_mismatch");
    }

    @Test
    void a_forged_head_rehashed_on_its_chain_is_caught_by_the_seal() {
        // the last entry of A is rewritten consistently (fields, balance and hash on the right prev_hash),
        // and the projection shows the forgery too: only the seal still holds the true hash
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 3, e -> rehash(rebuild(e).setAmount("500")
                .setCreditBalance("600").setBalance("570").build()));
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(tampered));
        assertThat(broken).isEqualTo(new Broken(A, 3L, Topics.SEALS, 0, 1L, broken.reason()));
        assertThat(broken.code()).isEqualTo("sealed_hash_mismatch");
    }

    @Test
    void a_balance_that_is_not_credit_minus_debit_is_refused_even_when_hashed() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 5, e -> rehash(rebuild(e).setBalance("31").build()));
        Broken broken = verifyTampered(tampered, seals(entries), projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(B, 1L, Topics.ENTRIES, 1, 21L, broken.reason()));
        assertThat(broken.code()).isEqualTo("balance_mismatch");
    }

    @Test
    void a_forged_seal_is_a_seal_hash_mismatch() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<SealRecord>> seals = seals(entries);
        SealRecord original = seals.get(0).value();
        SealRecord forged = SealRecord.newBuilder(original).setSealedAtMs(original.getSealedAtMs() + 1).build();
        seals.set(0, new LogRecord<>(Topics.SEALS, 0, 0, "0", forged));
        Broken broken = verifyTampered(entries, seals, projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(null, null, Topics.SEALS, 0, 0L, broken.reason()));
        assertThat(broken.code()).isEqualTo("seal_hash_mismatch");
    }

    @Test
    void a_dropped_seal_is_a_seq_gap() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<SealRecord>> seals = seals(entries);
        seals.remove(0);
        Broken broken = verifyTampered(entries, seals, projectionOf(entries));
        assertThat(broken).isEqualTo(new Broken(null, null, Topics.SEALS, 0, 1L, broken.reason()));
        assertThat(broken.code()).isEqualTo("seal_seq_gap");
    }

    @Test
    void an_edited_projection_row_is_named() {
        List<LogRecord<BalanceEntry>> entries = entries();
        InMemoryProjection projection = projectionOf(entries);
        ProjectedBalance row = projection.rows.get(B);
        projection.rows.put(B, new ProjectedBalance(B, row.version(), row.headHash(), BigInteger.valueOf(1_000_000),
                row.creditBalance(), row.debitBalance(), row.inflightBalance(), row.inflightCreditBalance(),
                row.inflightDebitBalance()));
        Broken broken = verifyTampered(entries, seals(entries), projection);
        assertThat(broken).isEqualTo(new Broken(B, 1L, Topics.ENTRIES, 1, 21L, broken.reason()));
        assertThat(broken.code()).isEqualTo("projection_balance_mismatch");
        assertThat(broken.reason()).contains("balance");
    }

    @Test
    void an_edited_projection_entry_row_is_named() {
        List<LogRecord<BalanceEntry>> entries = entries();
        InMemoryProjection projection = projectionOf(entries);
        ProjectedEntry row = projection.entries.get(1);
        projection.entries.set(1, new ProjectedEntry(row.balanceId(), row.version(), row.kind(), row.transactionId(),
                BigInteger.valueOf(1000), row.balance(), row.creditBalance(), row.debitBalance(), row.inflightBalance(),
                row.inflightCreditBalance(), row.inflightDebitBalance(), row.prevHash(), row.hash(), row.partition(),
                row.offset()));
        Broken broken = verifyTampered(entries, seals(entries), projection);
        assertThat(broken).isEqualTo(new Broken(A, 1L, Topics.ENTRIES, 0, 11L, broken.reason()));
        assertThat(broken.code()).isEqualTo("projection_entry_mismatch");
        assertThat(broken.reason()).endsWith("in amount");
    }

    @Test
    void a_transaction_record_with_a_changed_amount_is_named() {
        List<LogRecord<BalanceEntry>> entries = entries();
        TransactionRecord good = TransactionRecord.newBuilder()
                .setTransactionId("txn_1").setParentTransaction("").setReference("ref-1").setSource("@World")
                .setDestination(A).setPreciseAmount("100").setPrecision(100).setCurrency("USD").setDescription("")
                .setStatus("QUEUED").setAllowOverdraft(true).setOverdraftLimit("0").setInflight(false)
                .setMetaDataJson("{}").setCreatedAtMs(5L).setSourceBalanceId("bln_world").setDestinationBalanceId(A)
                .setSkipQueue(false).setHash(TransactionHash.of("txn_1", "", "ref-1", "@World", A,
                        BigInteger.valueOf(100), 100, "USD", "QUEUED", 5L))
                .build();
        TransactionRecord tampered = TransactionRecord.newBuilder(good).setPreciseAmount("1000").build();
        EventLog.Snapshot valid = new EventLog.Snapshot(entries, seals(entries),
                List.of(new LogRecord<>(Topics.TRANSACTIONS, 2, 7, "txn_1", good)));
        EventLog.Snapshot broken = new EventLog.Snapshot(entries, seals(entries),
                List.of(new LogRecord<>(Topics.TRANSACTIONS, 2, 7, "txn_1", tampered)));

        assertThat(verifier.verify(valid, projectionOf(entries), null).valid()).isTrue();
        Broken first = verifier.verify(broken, projectionOf(entries), null).firstBroken();
        assertThat(first).isEqualTo(new Broken(null, null, Topics.TRANSACTIONS, 2, 7L, first.reason()));
        assertThat(first.code()).isEqualTo("transaction_hash_mismatch");
    }

    @Test
    void a_projection_behind_the_log_is_reported() {
        List<LogRecord<BalanceEntry>> entries = entries();
        Broken broken = verifyTampered(entries, seals(entries), projectionOf(entries.subList(0, 5)));
        assertThat(broken).isEqualTo(new Broken(B, 1L, Topics.ENTRIES, 1, 21L, broken.reason()));
        assertThat(broken.code()).isEqualTo("projection_behind");
    }

    @Test
    void one_balance_can_be_checked_alone() {
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 2, e -> rebuild(e).setAmount("3000").build());
        EventLog.Snapshot log = new EventLog.Snapshot(tampered, seals(entries));
        assertThat(verifier.verify(log, projectionOf(entries), B)).isEqualTo(new VerifyReport(true, 2, 3, null));
        assertThat(verifier.verify(log, projectionOf(entries), A).firstBroken().balanceId()).isEqualTo(A);
    }

    // --- incremental runs ------------------------------------------------------------------------

    /** A's fifth entry (v4, +7), at partition 0 offset 14. */
    private static LogRecord<BalanceEntry> aV4() {
        List<Entry> a = chain(A, new long[][] {{0, 0}, {100, 0}, {100, 30}, {105, 30}, {112, 30}});
        return new LogRecord<>(Topics.ENTRIES, 0, 14, A, wire(a.get(4)));
    }

    /** Partition 0's third seal, binding {@code head}, linked to seal 2 of {@link #seals}. */
    private static LogRecord<SealRecord> thirdSeal(List<LogRecord<SealRecord>> seals, SealHead head) {
        return new LogRecord<>(Topics.SEALS, 0, 2, "0", seal(0, 3, seals.get(1).value().getSealHash(), List.of(head)));
    }

    private static List<LogRecord<SealRecord>> withSeal(List<LogRecord<SealRecord>> seals, LogRecord<SealRecord> seal) {
        List<LogRecord<SealRecord>> all = new ArrayList<>(seals);
        all.add(2, seal);
        return all;
    }

    private static List<LogRecord<BalanceEntry>> withEntry(List<LogRecord<BalanceEntry>> entries, LogRecord<BalanceEntry> entry) {
        List<LogRecord<BalanceEntry>> all = new ArrayList<>(entries);
        all.add(4, entry);
        return all;
    }

    static final class InMemoryCheckpoints implements VerifyCheckpoint.Store {
        VerifyCheckpoint saved;

        @Override
        public java.util.Optional<VerifyCheckpoint> load() {
            return java.util.Optional.ofNullable(saved);
        }

        @Override
        public void save(VerifyCheckpoint checkpoint, Set<String> changedHeads) {
            saved = new VerifyCheckpoint(Map.copyOf(checkpoint.nextOffsets()), Map.copyOf(checkpoint.lastSeals()),
                    Map.copyOf(checkpoint.heads()), List.copyOf(checkpoint.unconfirmed()));
        }
    }

    @Test
    void a_repeat_run_reads_only_what_was_written_since_the_last_valid_one() {
        // given a valid run that left a checkpoint
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<SealRecord>> seals = seals(entries);
        assertThat(verifier.verify(new EventLog.Snapshot(entries, seals), projectionOf(entries), null, checkpoints, false))
                .isEqualTo(new VerifyReport(true, 6, 3, null, false));

        // when A gets one more entry and partition 0 one more seal binding it, and verification runs again
        List<LogRecord<BalanceEntry>> more = withEntry(entries, aV4());
        List<LogRecord<SealRecord>> moreSeals = withSeal(seals, thirdSeal(seals, head(aV4().value())));
        VerifyReport again = verifier.verify(new EventLog.Snapshot(more, moreSeals), projectionOf(more), null,
                checkpoints, false);

        // then it reads only the new entry and the new seal, and finds them valid
        assertThat(again).isEqualTo(new VerifyReport(true, 1, 1, null, true));
    }

    @Test
    void an_entry_left_unsealed_by_one_run_is_bound_by_the_next_runs_seal() {
        // given a valid run that ended after A's new entry but before the seal binding it
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        List<LogRecord<BalanceEntry>> more = withEntry(entries(), aV4());
        List<LogRecord<SealRecord>> seals = seals(entries());
        assertThat(verifier.verify(new EventLog.Snapshot(more, seals), projectionOf(more), null, checkpoints, false)
                .valid()).isTrue();
        assertThat(checkpoints.saved.unconfirmed()).extracting(VerifyCheckpoint.Pending::version).containsExactly(4L);

        // when the seal arrives: once right, once binding another hash
        List<LogRecord<SealRecord>> sealed = withSeal(seals, thirdSeal(seals, head(aV4().value())));
        List<LogRecord<SealRecord>> forged = withSeal(seals, thirdSeal(seals, new SealHead(A, 4L, "f".repeat(64))));
        VerifyCheckpoint before = checkpoints.saved;
        VerifyReport right = verifier.verify(new EventLog.Snapshot(more, sealed), projectionOf(more), null, checkpoints, false);
        checkpoints.saved = before;
        VerifyReport wrong = verifier.verify(new EventLog.Snapshot(more, forged), projectionOf(more), null, checkpoints, false);

        // then the right seal checks out against the entry the first run kept, and the forged one is named
        assertThat(right).isEqualTo(new VerifyReport(true, 0, 1, null, true));
        assertThat(wrong.firstBroken().code()).isEqualTo("sealed_hash_mismatch");
    }

    @Test
    void a_change_before_the_checkpoint_is_found_by_a_full_run_not_by_an_incremental_one() {
        // given a valid run that left a checkpoint
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<SealRecord>> seals = seals(entries);
        verifier.verify(new EventLog.Snapshot(entries, seals), projectionOf(entries), null, checkpoints, false);

        // when an entry it had already checked is changed
        List<LogRecord<BalanceEntry>> tampered = replace(entries, 2, e -> rebuild(e).setAmount("3000").build());

        // then an incremental run does not read it again, and a full run names it
        assertThat(verifier.verify(new EventLog.Snapshot(tampered, seals), projectionOf(entries), null, checkpoints, false)
                .valid()).isTrue();
        VerifyReport full = verifier.verify(new EventLog.Snapshot(tampered, seals), projectionOf(entries), null,
                checkpoints, true);
        assertThat(full.incremental()).isFalse();
        assertThat(full.firstBroken().code()).isEqualTo("hash_mismatch");
    }

    @Test
    void a_checkpoint_beyond_the_end_of_the_log_is_ignored_and_the_whole_log_is_read() {
        // given a checkpoint taken on a longer log (A's fifth entry and a third seal)
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        List<LogRecord<BalanceEntry>> entries = entries();
        List<LogRecord<SealRecord>> seals = seals(entries);
        List<LogRecord<BalanceEntry>> longer = withEntry(entries, aV4());
        verifier.verify(new EventLog.Snapshot(longer, withSeal(seals, thirdSeal(seals, head(aV4().value())))),
                projectionOf(longer), null, checkpoints, false);

        // when the log verified next is shorter than that
        VerifyReport report = verifier.verify(new EventLog.Snapshot(entries, seals), projectionOf(entries), null,
                checkpoints, false);

        // then the run reads it all, as a full run
        assertThat(report).isEqualTo(new VerifyReport(true, 6, 3, null, false));
    }

    @Test
    void a_run_for_one_balance_neither_reads_nor_writes_the_checkpoint() {
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        List<LogRecord<BalanceEntry>> entries = entries();

        VerifyReport one = verifier.verify(new EventLog.Snapshot(entries, seals(entries)), projectionOf(entries), B,
                checkpoints, false);

        assertThat(one.incremental()).isFalse();
        assertThat(checkpoints.saved).isNull();
    }

    // --- helpers -------------------------------------------------------------------------------

    private Broken verifyTampered(List<LogRecord<BalanceEntry>> entries, List<LogRecord<SealRecord>> seals,
                                  ProjectionView projection) {
        VerifyReport report = verifier.verify(new EventLog.Snapshot(entries, seals), projection, null);
        assertThat(report.valid()).isFalse();
        return report.firstBroken();
    }

    static final class InMemoryProjection implements ProjectionView {
        final Map<String, ProjectedBalance> rows = new HashMap<>();
        final List<ProjectedEntry> entries = new ArrayList<>();

        @Override
        public List<ProjectedEntry> entries(java.util.Collection<ProjectionView.EntryKey> keys) {
            return entries.stream()
                    .filter(e -> keys.contains(new ProjectionView.EntryKey(e.balanceId(), e.version()))).toList();
        }

        @Override
        public Map<String, ProjectedBalance> balances(Set<String> balanceIds) {
            Map<String, ProjectedBalance> found = new HashMap<>(rows);
            found.keySet().retainAll(balanceIds);
            return found;
        }
    }

    /** Entries of one balance with the given (credit, debit) after each change, hash-chained from genesis. */
    private static List<Entry> chain(String id, long[][] creditDebit) {
        List<Entry> chain = new ArrayList<>();
        String prev = Canonical.GENESIS_HASH;
        long credit = 0;
        long debit = 0;
        for (int v = 0; v < creditDebit.length; v++) {
            long newCredit = creditDebit[v][0];
            long newDebit = creditDebit[v][1];
            EntryKind kind = v == 0 ? EntryKind.OPEN : newCredit > credit ? EntryKind.CREDIT : EntryKind.DEBIT;
            long amount = (newCredit - credit) + (newDebit - debit);
            Entry unsealed = new Entry(id, v, kind, "ldg_1", "USD", null, "", v == 0 ? null : "txn_" + v,
                    BigInteger.valueOf(amount), BigInteger.valueOf(newCredit - newDebit), BigInteger.valueOf(newCredit),
                    BigInteger.valueOf(newDebit), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, "{}", 1L, 100L + v,
                    100L + v, prev, null);
            Entry sealed = new Entry(id, v, kind, "ldg_1", "USD", null, "", unsealed.transactionId(), unsealed.amount(),
                    unsealed.balance(), unsealed.creditBalance(), unsealed.debitBalance(), BigInteger.ZERO,
                    BigInteger.ZERO, BigInteger.ZERO, "{}", 1L, 100L + v, 100L + v, prev, unsealed.expectedHash());
            chain.add(sealed);
            prev = sealed.hash();
            credit = newCredit;
            debit = newDebit;
        }
        return chain;
    }

    private static BalanceEntry wire(Entry e) {
        return BalanceEntry.newBuilder()
                .setBalanceId(e.balanceId()).setVersion(e.version())
                .setKind(dev.ledgerline.wire.v1.EntryKind.valueOf(e.kind().name())).setLedgerId(e.ledgerId())
                .setCurrency(e.currency()).setIndicator(e.indicator()).setIdentityId(e.identityId())
                .setTransactionId(e.transactionId()).setAmount(e.amount().toString()).setBalance(e.balance().toString())
                .setCreditBalance(e.creditBalance().toString()).setDebitBalance(e.debitBalance().toString())
                .setInflightBalance("0").setInflightCreditBalance("0").setInflightDebitBalance("0")
                .setMetaDataJson(e.metaDataJson()).setBalanceCreatedAtMs(e.balanceCreatedAtMs())
                .setRecordedAtMs(e.recordedAtMs()).setEffectiveAtMs(e.effectiveAtMs())
                .setPrevHash(e.prevHash()).setHash(e.hash()).build();
    }

    private static SealHead head(BalanceEntry e) {
        return new SealHead(e.getBalanceId(), e.getVersion(), e.getHash());
    }

    private static SealRecord seal(int partition, long seq, String prev, List<SealHead> heads) {
        long at = 1_000L * seq;
        String hash = SealHash.of(prev, partition, seq, at, heads.stream()
                .map(h -> new SealHash.Head(h.getBalanceId(), h.getVersion(), h.getHash())).toList());
        return new SealRecord(partition, seq, heads, prev, at, hash);
    }

    private static List<LogRecord<BalanceEntry>> replace(List<LogRecord<BalanceEntry>> entries, int index,
                                                         UnaryOperator<BalanceEntry> change) {
        List<LogRecord<BalanceEntry>> copy = new ArrayList<>(entries);
        LogRecord<BalanceEntry> r = copy.get(index);
        copy.set(index, new LogRecord<>(r.topic(), r.partition(), r.offset(), r.key(), change.apply(r.value())));
        return copy;
    }

    private static BalanceEntry.Builder rebuild(BalanceEntry e) {
        return BalanceEntry.newBuilder(e);
    }

    /** A's v2 as a debit of 40 instead of 30, consistently re-hashed on its own prev_hash. */
    private static BalanceEntry forgeDebitOf40(BalanceEntry e) {
        return rehash(rebuild(e).setAmount("40").setDebitBalance("40").setBalance("60").build());
    }

    private static BalanceEntry rehash(BalanceEntry e) {
        return rebuild(e).setHash(Verifier.toCore(e).expectedHash()).build();
    }

    private static BigInteger n(String value) {
        return new BigInteger(value);
    }
}
