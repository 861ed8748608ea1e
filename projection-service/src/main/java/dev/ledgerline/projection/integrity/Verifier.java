package dev.ledgerline.projection.integrity;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.EntryKind;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.core.TransactionHash;
import dev.ledgerline.projection.integrity.ProjectionView.ProjectedBalance;
import dev.ledgerline.projection.integrity.ProjectionView.ProjectedEntry;
import dev.ledgerline.projection.integrity.VerifyReport.Broken;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Re-checks the event log from offset zero and compares it with the projection (docs/EVENTS.md,
 * "Verifying"). Three passes, and the first failure in this order is reported:
 * <ol>
 *   <li>{@code ledger.entries} in (partition, offset) order: per balance, version gapless from 0,
 *       {@code prev_hash} = previous entry's hash, {@code hash} recomputed, balance = credit − debit,
 *       inflight = inflight credit − inflight debit, and all of a balance's entries in one partition;</li>
 *   <li>{@code ledger.seals} in (partition, offset) order: per partition seq gapless from 1,
 *       {@code prev_seal_hash} link, {@code seal_hash} recomputed, heads sorted, and every sealed head
 *       (balance, version, hash) equal to the entry actually in the log, in that partition;</li>
 *   <li>{@code ledger.transactions} (only without a balance id): every record's {@code hash} recomputed
 *       ({@link TransactionHash}); these records are not counted in {@code entries_checked};</li>
 *   <li>the projection: each balance's last entry against its {@code balances} row, then each of its
 *       entries (up to the version both hold) against its {@code balance_entries} row.</li>
 * </ol>
 * With a balance id only that balance's entries, heads and row are checked (the seal chains are
 * always checked in full: they are small).
 */
public final class Verifier {

    private final Duration projectionWait;

    /** @param projectionWait how long to keep re-reading a projection that is behind the log before reporting it */
    public Verifier(Duration projectionWait) {
        this.projectionWait = projectionWait;
    }

    public VerifyReport verify(EventLog.Snapshot log, ProjectionView projection, String onlyBalanceId) {
        Map<String, EntryHead> heads = new LinkedHashMap<>();
        Map<String, Map<Long, EntryHead>> byVersion = new HashMap<>();
        Broken first = null;
        long entriesChecked = 0;
        for (LogRecord<BalanceEntry> record : log.entries()) {
            if (onlyBalanceId != null && !onlyBalanceId.equals(record.key())
                    && (record.value() == null || !onlyBalanceId.equals(record.value().getBalanceId()))) {
                continue;
            }
            entriesChecked++;
            Broken broken = checkEntry(record, heads, byVersion);
            if (first == null) {
                first = broken;
            }
        }
        long sealsChecked = 0;
        Map<Integer, SealRecord> lastSeal = new HashMap<>();
        for (LogRecord<SealRecord> record : log.seals()) {
            sealsChecked++;
            Broken broken = checkSeal(record, lastSeal, byVersion, onlyBalanceId);
            if (first == null) {
                first = broken;
            }
        }
        if (onlyBalanceId == null) {
            for (LogRecord<TransactionRecord> record : log.transactions()) {
                Broken broken = checkTransaction(record);
                if (first == null) {
                    first = broken;
                }
            }
        }
        if (first == null) {
            first = checkProjection(heads, byVersion, projection);
        }
        return new VerifyReport(first == null, entriesChecked, sealsChecked, first);
    }

    /** What the log says about one entry, kept to check the next entry, the seals and the projection. */
    private record EntryHead(BalanceEntry entry, int partition, long offset) {
    }

    private static Broken checkEntry(LogRecord<BalanceEntry> record, Map<String, EntryHead> heads,
                                     Map<String, Map<Long, EntryHead>> byVersion) {
        BalanceEntry e = record.value();
        if (e == null) {
            return broken(record.key(), null, record, "undecodable: the record is not a BalanceEntry");
        }
        String id = e.getBalanceId();
        EntryHead previous = heads.get(id);
        EntryHead current = new EntryHead(e, record.partition(), record.offset());
        heads.put(id, current);
        byVersion.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(e.getVersion(), current);
        long version = e.getVersion();
        if (!id.equals(record.key())) {
            return broken(id, version, record, "key_mismatch: record key " + record.key());
        }
        long expectedVersion = previous == null ? 0 : previous.entry().getVersion() + 1;
        if (version != expectedVersion) {
            String code = version > expectedVersion ? "version_gap" : "version_out_of_order";
            return broken(id, version, record, code + ": expected version " + expectedVersion + ", found " + version);
        }
        if (previous != null && previous.partition() != record.partition()) {
            return broken(id, version, record, "partition_changed: earlier entries are in partition " + previous.partition());
        }
        String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.entry().getHash();
        if (!expectedPrev.equals(e.getPrevHash())) {
            return broken(id, version, record, "prev_hash_mismatch: expected " + expectedPrev + ", found " + e.getPrevHash());
        }
        String recomputed;
        try {
            recomputed = toCore(e).expectedHash();
        } catch (RuntimeException ex) {
            return broken(id, version, record, "unreadable_fields: " + ex.getMessage());
        }
        if (!recomputed.equals(e.getHash())) {
            return broken(id, version, record, "hash_mismatch: recomputed " + recomputed + ", found " + e.getHash());
        }
        if (!num(e.getBalance()).equals(num(e.getCreditBalance()).subtract(num(e.getDebitBalance())))) {
            return broken(id, version, record, "balance_mismatch: balance != credit_balance - debit_balance");
        }
        if (!num(e.getInflightBalance()).equals(num(e.getInflightCreditBalance()).subtract(num(e.getInflightDebitBalance())))) {
            return broken(id, version, record,
                    "balance_mismatch: inflight_balance != inflight_credit_balance - inflight_debit_balance");
        }
        return null;
    }

    private static Broken checkSeal(LogRecord<SealRecord> record, Map<Integer, SealRecord> lastSeal,
                                    Map<String, Map<Long, EntryHead>> byVersion, String onlyBalanceId) {
        SealRecord seal = record.value();
        if (seal == null) {
            return broken(null, null, record, "undecodable: the record is not a SealRecord");
        }
        int partition = seal.getPartition();
        SealRecord previous = lastSeal.put(partition, seal);
        if (partition != record.partition()) {
            return broken(null, null, record, "seal_partition_mismatch: seal of partition " + partition
                    + " stored in partition " + record.partition());
        }
        long expectedSeq = previous == null ? 1 : previous.getSeq() + 1;
        if (seal.getSeq() != expectedSeq) {
            return broken(null, null, record, "seal_seq_gap: expected seq " + expectedSeq + ", found " + seal.getSeq());
        }
        String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.getSealHash();
        if (!expectedPrev.equals(seal.getPrevSealHash())) {
            return broken(null, null, record, "seal_prev_mismatch: seal " + seal.getSeq() + " does not link to seal "
                    + (seal.getSeq() - 1));
        }
        List<SealHash.Head> hashHeads = new ArrayList<>();
        for (SealHead head : seal.getHeads()) {
            hashHeads.add(new SealHash.Head(head.getBalanceId(), head.getVersion(), head.getHash()));
        }
        String recomputed = SealHash.of(seal.getPrevSealHash(), partition, seal.getSeq(), seal.getSealedAtMs(), hashHeads);
        if (!recomputed.equals(seal.getSealHash())) {
            return broken(null, null, record, "seal_hash_mismatch: seal " + seal.getSeq() + " recomputed " + recomputed);
        }
        String previousId = null;
        for (SealHead head : seal.getHeads()) {
            if (previousId != null && previousId.compareTo(head.getBalanceId()) >= 0) {
                return broken(head.getBalanceId(), head.getVersion(), record, "seal_heads_unsorted: seal " + seal.getSeq());
            }
            previousId = head.getBalanceId();
            if (onlyBalanceId != null && !onlyBalanceId.equals(head.getBalanceId())) {
                continue;
            }
            EntryHead inLog = byVersion.getOrDefault(head.getBalanceId(), Map.of()).get(head.getVersion());
            if (inLog == null) {
                return broken(head.getBalanceId(), head.getVersion(), record, "sealed_entry_missing: seal "
                        + seal.getSeq() + " binds an entry that is not in " + Topics.ENTRIES);
            }
            if (!Objects.equals(inLog.entry().getHash(), head.getHash())) {
                return broken(head.getBalanceId(), head.getVersion(), record, "sealed_hash_mismatch: seal "
                        + seal.getSeq() + " binds hash " + head.getHash() + ", the log holds " + inLog.entry().getHash()
                        + " at " + Topics.ENTRIES + "/" + inLog.partition() + "@" + inLog.offset());
            }
            if (inLog.partition() != partition) {
                return broken(head.getBalanceId(), head.getVersion(), record, "sealed_partition_mismatch: entry is in partition "
                        + inLog.partition());
            }
        }
        return null;
    }

    private static Broken checkTransaction(LogRecord<TransactionRecord> record) {
        TransactionRecord t = record.value();
        if (t == null) {
            return broken(null, null, record, "undecodable: the record is not a TransactionRecord");
        }
        String recomputed;
        try {
            recomputed = TransactionHash.of(t.getTransactionId(), t.getParentTransaction(), t.getReference(),
                    t.getSource(), t.getDestination(), num(t.getPreciseAmount()), t.getPrecision(), t.getCurrency(),
                    t.getStatus(), t.getCreatedAtMs());
        } catch (RuntimeException e) {
            return broken(null, null, record, "unreadable_fields: transaction " + t.getTransactionId() + ": " + e.getMessage());
        }
        if (!recomputed.equals(t.getHash())) {
            return broken(null, null, record, "transaction_hash_mismatch: transaction " + t.getTransactionId()
                    + " recomputed " + recomputed + ", found " + t.getHash());
        }
        return null;
    }

    private Broken checkProjection(Map<String, EntryHead> heads, Map<String, Map<Long, EntryHead>> byVersion,
                                   ProjectionView projection) {
        long deadline = System.nanoTime() + projectionWait.toNanos();
        while (true) {
            Map<String, ProjectedBalance> rows = heads.isEmpty() ? Map.of() : projection.balances(heads.keySet());
            Map<String, Map<Long, ProjectedEntry>> entryRows = new HashMap<>();
            if (!heads.isEmpty()) {
                for (ProjectedEntry row : projection.entries(heads.keySet())) {
                    entryRows.computeIfAbsent(row.balanceId(), k -> new HashMap<>()).put(row.version(), row);
                }
            }
            Broken first = null;
            boolean behindOnly = true;
            for (EntryHead head : heads.values()) {
                ProjectedBalance row = rows.get(head.entry().getBalanceId());
                Broken broken = compare(head, row);
                if (broken == null && row != null) {
                    broken = compareEntries(byVersion.get(head.entry().getBalanceId()),
                            entryRows.getOrDefault(head.entry().getBalanceId(), Map.of()),
                            Math.min(row.version(), head.entry().getVersion()));
                }
                if (broken != null) {
                    first = first == null ? broken : first;
                    behindOnly &= broken.code().equals("projection_behind") || broken.code().equals("projection_missing");
                }
            }
            if (first == null || !behindOnly || System.nanoTime() > deadline) {
                return first;
            }
            sleep();
        }
    }

    private static Broken compare(EntryHead head, ProjectedBalance row) {
        BalanceEntry e = head.entry();
        String where = "projection row balances/" + e.getBalanceId();
        if (row == null) {
            return projectionBroken(head, "projection_missing: no " + where);
        }
        if (row.version() < e.getVersion()) {
            return projectionBroken(head, "projection_behind: " + where + " is at version " + row.version());
        }
        if (row.version() > e.getVersion()) {
            // newer than the end offsets captured at the start: written after the verifier began; not checkable
            return null;
        }
        if (!e.getHash().equals(row.headHash())) {
            return projectionBroken(head, "projection_hash_mismatch: " + where + " has head_hash " + row.headHash());
        }
        List<String> differing = new ArrayList<>();
        diff(differing, "balance", e.getBalance(), row.balance());
        diff(differing, "credit_balance", e.getCreditBalance(), row.creditBalance());
        diff(differing, "debit_balance", e.getDebitBalance(), row.debitBalance());
        diff(differing, "inflight_balance", e.getInflightBalance(), row.inflightBalance());
        diff(differing, "inflight_credit_balance", e.getInflightCreditBalance(), row.inflightCreditBalance());
        diff(differing, "inflight_debit_balance", e.getInflightDebitBalance(), row.inflightDebitBalance());
        if (!differing.isEmpty()) {
            return projectionBroken(head, "projection_balance_mismatch: " + where + " differs from the log in "
                    + String.join(", ", differing));
        }
        return null;
    }

    /** Every entry of one balance up to {@code upTo} against its {@code balance_entries} row. */
    private static Broken compareEntries(Map<Long, EntryHead> logEntries, Map<Long, ProjectedEntry> rows, long upTo) {
        for (long v = 0; v <= upTo; v++) {
            EntryHead inLog = logEntries.get(v);
            if (inLog == null) {
                continue; // a gap in the log was reported by the log pass
            }
            BalanceEntry e = inLog.entry();
            ProjectedEntry row = rows.get(v);
            String where = "projection row balance_entries/" + e.getBalanceId() + "/" + v;
            if (row == null) {
                return projectionBroken(inLog, "projection_entry_missing: no " + where);
            }
            List<String> differing = new ArrayList<>();
            if (!e.getHash().equals(row.hash())) {
                differing.add("hash");
            }
            if (!e.getPrevHash().equals(row.prevHash())) {
                differing.add("prev_hash");
            }
            if (!e.getKind().name().equals(row.kind())) {
                differing.add("kind");
            }
            if (!Objects.equals(e.getTransactionId(), row.transactionId())) {
                differing.add("transaction_id");
            }
            diff(differing, "amount", e.getAmount(), row.amount());
            diff(differing, "balance", e.getBalance(), row.balance());
            diff(differing, "credit_balance", e.getCreditBalance(), row.creditBalance());
            diff(differing, "debit_balance", e.getDebitBalance(), row.debitBalance());
            diff(differing, "inflight_balance", e.getInflightBalance(), row.inflightBalance());
            diff(differing, "inflight_credit_balance", e.getInflightCreditBalance(), row.inflightCreditBalance());
            diff(differing, "inflight_debit_balance", e.getInflightDebitBalance(), row.inflightDebitBalance());
            if (row.partition() != inLog.partition() || row.offset() != inLog.offset()) {
                differing.add("topic_partition/topic_offset");
            }
            if (!differing.isEmpty()) {
                return projectionBroken(inLog, "projection_entry_mismatch: " + where + " differs from the log in "
                        + String.join(", ", differing));
            }
        }
        return null;
    }

    private static void diff(List<String> differing, String field, String logValue, BigInteger projected) {
        if (projected == null || !num(logValue).equals(projected)) {
            differing.add(field);
        }
    }

    private static Broken projectionBroken(EntryHead head, String reason) {
        return new Broken(head.entry().getBalanceId(), head.entry().getVersion(), Topics.ENTRIES, head.partition(),
                head.offset(), reason);
    }

    private static Broken broken(String balanceId, Long version, LogRecord<?> record, String reason) {
        return new Broken(balanceId, version, record.topic(), record.partition(), record.offset(), reason);
    }

    /** The ledger-core entry a wire entry stands for (the same mapping as the processor's WireMapper). */
    static Entry toCore(BalanceEntry e) {
        return new Entry(e.getBalanceId(), e.getVersion(), EntryKind.valueOf(e.getKind().name()), e.getLedgerId(),
                e.getCurrency(), e.getIndicator(), e.getIdentityId(), e.getTransactionId(), num(e.getAmount()),
                num(e.getBalance()), num(e.getCreditBalance()), num(e.getDebitBalance()), num(e.getInflightBalance()),
                num(e.getInflightCreditBalance()), num(e.getInflightDebitBalance()), e.getMetaDataJson(),
                e.getBalanceCreatedAtMs(), e.getRecordedAtMs(), e.getEffectiveAtMs(), e.getPrevHash(), e.getHash());
    }

    private static BigInteger num(String value) {
        return new BigInteger(value);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
