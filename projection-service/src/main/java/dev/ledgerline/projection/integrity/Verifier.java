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
import dev.ledgerline.projection.integrity.ProjectionView.EntryKey;
import dev.ledgerline.projection.integrity.ProjectionView.ProjectedEntry;
import dev.ledgerline.projection.integrity.VerifyReport.Broken;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Re-checks the event log from offset zero and compares it with the projection (docs/EVENTS.md,
 * "Verifying"), streaming one partition at a time: memory holds one head per balance, the entries no seal has
 * confirmed yet, and chunks of {@value #CHUNK} rows, never the log. Four checks; the first failure is reported in
 * this order (within each, the first in (partition, offset) order):
 * <ol>
 *   <li>{@code ledger.entries}: per balance, version gapless from 0, {@code prev_hash} = previous entry's hash,
 *       {@code hash} recomputed, balance = credit − debit, inflight = inflight credit − inflight debit, and all
 *       of a balance's entries in one partition;</li>
 *   <li>{@code ledger.seals}, read with the entries of the same partition: per partition seq gapless from 1,
 *       {@code prev_seal_hash} link, {@code seal_hash} recomputed, heads sorted, and every sealed head (balance,
 *       version, hash) equal to the entry actually in the log, in that partition. A balance's entries up to a
 *       sealed version are confirmed and forgotten;</li>
 *   <li>{@code ledger.transactions} (only without a balance id): every record's {@code hash} recomputed
 *       ({@link TransactionHash}); these records are not counted in {@code entries_checked};</li>
 *   <li>the projection: each balance's last entry against its {@code balances} row (waiting up to the projection
 *       wait while rows are only behind), then, streaming the entries again, each entry up to the version both
 *       hold against its {@code balance_entries} row.</li>
 * </ol>
 * With a balance id only that balance's entries, heads and rows are checked (the seal chains are always checked in
 * full).
 */
public final class Verifier {

    /** Rows asked of the projection at once. */
    static final int CHUNK = 1000;

    private final Duration projectionWait;

    /** @param projectionWait how long to keep re-reading a projection that is behind the log before reporting it */
    public Verifier(Duration projectionWait) {
        this.projectionWait = projectionWait;
    }

    /** Checks the whole log (no checkpoint is read or written). */
    public VerifyReport verify(EventLog.Reading log, ProjectionView projection, String onlyBalanceId) {
        return verify(log, projection, onlyBalanceId, VerifyCheckpoint.Store.NONE, true);
    }

    /**
     * Without a balance id and unless {@code full}, starts where the last valid run's checkpoint ends, so a repeat run
     * reads only the records written since; a valid run without a balance id leaves a new checkpoint. Records before
     * the checkpoint are not re-read by such a run: {@code full} re-checks everything.
     */
    public VerifyReport verify(EventLog.Reading log, ProjectionView projection, String onlyBalanceId,
                               VerifyCheckpoint.Store checkpoints, boolean full) {
        VerifyCheckpoint from = onlyBalanceId == null && !full ? checkpoints.load().orElse(null) : null;
        if (from != null && !fitsWithin(from, log)) {
            from = null; // the log is shorter than the checkpoint says (topics recreated?): it describes another log
        }
        LogPass pass = new LogPass(onlyBalanceId, from);
        for (int partition : log.entryPartitions()) {
            pass.checkPartition(log, partition);
        }
        if (onlyBalanceId == null) {
            for (int partition : log.transactionPartitions()) {
                pass.checkTransactions(log, partition);
            }
        }
        Broken first = pass.firstBroken();
        if (first == null) {
            first = checkProjection(log, pass, projection);
        }
        if (first == null && onlyBalanceId == null) {
            checkpoints.save(pass.checkpoint(log), pass.changedHeads);
        }
        return new VerifyReport(first == null, pass.entriesChecked, pass.sealsChecked, first, from != null);
    }

    private static boolean fitsWithin(VerifyCheckpoint checkpoint, EventLog.Reading log) {
        for (Map.Entry<String, Long> position : checkpoint.nextOffsets().entrySet()) {
            int slash = position.getKey().lastIndexOf('/');
            String topic = position.getKey().substring(0, slash);
            int partition = Integer.parseInt(position.getKey().substring(slash + 1));
            if (position.getValue() > log.endOffset(topic, partition)) {
                return false;
            }
        }
        return true;
    }

    /** A balance's last entry as the log says it: what the next entry, the seals and the projection are checked against. */
    record Head(long version, String hash, int partition, long offset, String balance, String creditBalance,
                String debitBalance, String inflightBalance, String inflightCreditBalance, String inflightDebitBalance) {

        static Head of(BalanceEntry e, int partition, long offset) {
            return new Head(e.getVersion(), e.getHash(), partition, offset, e.getBalance(), e.getCreditBalance(),
                    e.getDebitBalance(), e.getInflightBalance(), e.getInflightCreditBalance(), e.getInflightDebitBalance());
        }
    }

    /** Where an entry not yet confirmed by a seal sits, and its hash. */
    private record Located(String hash, int partition, long offset) {
    }

    /** The first three checks, one partition at a time. */
    private static final class LogPass {

        private final String only;
        /** One per balance, in the order balances first appear (the projection check follows it). */
        final Map<String, Head> heads = new LinkedHashMap<>();
        /** Per balance: entries of the partition being read that no seal has bound yet, by version. */
        private final Map<String, Map<Long, Located>> unconfirmed = new HashMap<>();
        /** Per balance: the last version a seal bound, still checkable by a later seal binding it again. */
        private final Map<String, Map.Entry<Long, Located>> confirmed = new HashMap<>();
        private final Map<Integer, VerifyCheckpoint.SealLink> lastSeal = new HashMap<>();
        private final VerifyCheckpoint from;
        private final List<VerifyCheckpoint.Pending> pendingOut = new ArrayList<>();
        final java.util.Set<String> changedHeads = new java.util.HashSet<>();
        long entriesChecked;
        long sealsChecked;
        private Broken entryBroken;
        private Broken sealBroken;
        private Broken transactionBroken;

        LogPass(String only, VerifyCheckpoint from) {
            this.only = only;
            this.from = from;
            if (from != null) {
                heads.putAll(from.heads());
                lastSeal.putAll(from.lastSeals());
            }
        }

        long startOffset(String topic, int partition) {
            return from == null ? 0 : from.nextOffset(topic, partition);
        }

        VerifyCheckpoint checkpoint(EventLog.Reading log) {
            Map<String, Long> next = new HashMap<>();
            for (int partition : log.entryPartitions()) {
                next.put(VerifyCheckpoint.position(Topics.ENTRIES, partition), log.endOffset(Topics.ENTRIES, partition));
                next.put(VerifyCheckpoint.position(Topics.SEALS, partition), log.endOffset(Topics.SEALS, partition));
            }
            for (int partition : log.transactionPartitions()) {
                next.put(VerifyCheckpoint.position(Topics.TRANSACTIONS, partition),
                        log.endOffset(Topics.TRANSACTIONS, partition));
            }
            return new VerifyCheckpoint(next, Map.copyOf(lastSeal), heads, List.copyOf(pendingOut));
        }

        Broken firstBroken() {
            return entryBroken != null ? entryBroken : sealBroken != null ? sealBroken : transactionBroken;
        }

        void checkPartition(EventLog.Reading log, int partition) {
            if (from != null) {
                for (VerifyCheckpoint.Pending pending : from.unconfirmed()) {
                    if (pending.partition() == partition) {
                        unconfirmed.computeIfAbsent(pending.balanceId(), k -> new HashMap<>()).put(pending.version(),
                                new Located(pending.hash(), pending.partition(), pending.offset()));
                    }
                }
            }
            try (EventLog.RecordStream<BalanceEntry> entries = log.entries(partition, startOffset(Topics.ENTRIES, partition));
                 EventLog.RecordStream<SealRecord> seals = log.seals(partition, startOffset(Topics.SEALS, partition))) {
                while (seals.hasNext()) {
                    sealsChecked++;
                    Broken broken = checkSeal(seals.next(), entries);
                    sealBroken = sealBroken == null ? broken : sealBroken;
                }
                while (entries.hasNext()) {
                    read(entries.next());
                }
            }
            // what no seal bound yet waits for the next run's seals; the next partition's seals bind only its own entries
            unconfirmed.forEach((balanceId, versions) -> versions.forEach((version, at) -> pendingOut.add(
                    new VerifyCheckpoint.Pending(balanceId, version, at.hash(), at.partition(), at.offset()))));
            unconfirmed.clear();
            confirmed.clear();
        }

        private void read(LogRecord<BalanceEntry> record) {
            if (only != null && !only.equals(record.key())
                    && (record.value() == null || !only.equals(record.value().getBalanceId()))) {
                return;
            }
            entriesChecked++;
            if (record.value() != null) {
                changedHeads.add(record.value().getBalanceId());
            }
            Broken broken = checkEntry(record, heads);
            entryBroken = entryBroken == null ? broken : entryBroken;
            BalanceEntry e = record.value();
            if (e != null) {
                unconfirmed.computeIfAbsent(e.getBalanceId(), k -> new HashMap<>())
                        .putIfAbsent(e.getVersion(), new Located(e.getHash(), record.partition(), record.offset()));
            }
        }

        /**
         * The entry a seal binds, reading this partition's entries further until it has been read (a seal is written
         * after the entries it binds); null when the partition holds no such entry.
         */
        private Located find(String balanceId, long version, EventLog.RecordStream<BalanceEntry> entries) {
            while (true) {
                Located found = unconfirmed.getOrDefault(balanceId, Map.of()).get(version);
                if (found != null) {
                    return found;
                }
                Map.Entry<Long, Located> last = confirmed.get(balanceId);
                if (last != null && last.getKey() == version) {
                    return last.getValue();
                }
                Head head = heads.get(balanceId);
                if ((head != null && head.version() >= version) || !entries.hasNext()) {
                    return null;
                }
                read(entries.next());
            }
        }

        private void confirm(String balanceId, long version, Located entry) {
            Map<Long, Located> pending = unconfirmed.get(balanceId);
            if (pending != null) {
                pending.keySet().removeIf(v -> v <= version);
                if (pending.isEmpty()) {
                    unconfirmed.remove(balanceId);
                }
            }
            confirmed.put(balanceId, Map.entry(version, entry));
        }

        private Broken checkSeal(LogRecord<SealRecord> record, EventLog.RecordStream<BalanceEntry> entries) {
            SealRecord seal = record.value();
            if (seal == null) {
                return broken(null, null, record, "undecodable: the record is not a SealRecord");
            }
            int partition = seal.getPartition();
            VerifyCheckpoint.SealLink previous = lastSeal.put(partition,
                    new VerifyCheckpoint.SealLink(seal.getSeq(), seal.getSealHash()));
            if (partition != record.partition()) {
                return broken(null, null, record, "seal_partition_mismatch: seal of partition " + partition
                        + " stored in partition " + record.partition());
            }
            long expectedSeq = previous == null ? 1 : previous.seq() + 1;
            if (seal.getSeq() != expectedSeq) {
                return broken(null, null, record, "seal_seq_gap: expected seq " + expectedSeq + ", found " + seal.getSeq());
            }
            String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.sealHash();
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
                if (only != null && !only.equals(head.getBalanceId())) {
                    continue;
                }
                Located inLog = find(head.getBalanceId(), head.getVersion(), entries);
                if (inLog == null) {
                    Head elsewhere = heads.get(head.getBalanceId());
                    if (elsewhere != null && elsewhere.partition() != partition) {
                        return broken(head.getBalanceId(), head.getVersion(), record,
                                "sealed_partition_mismatch: entry is in partition " + elsewhere.partition());
                    }
                    return broken(head.getBalanceId(), head.getVersion(), record, "sealed_entry_missing: seal "
                            + seal.getSeq() + " binds an entry that is not in " + Topics.ENTRIES);
                }
                if (!Objects.equals(inLog.hash(), head.getHash())) {
                    return broken(head.getBalanceId(), head.getVersion(), record, "sealed_hash_mismatch: seal "
                            + seal.getSeq() + " binds hash " + head.getHash() + ", the log holds " + inLog.hash()
                            + " at " + Topics.ENTRIES + "/" + inLog.partition() + "@" + inLog.offset());
                }
                confirm(head.getBalanceId(), head.getVersion(), inLog);
            }
            return null;
        }

        void checkTransactions(EventLog.Reading log, int partition) {
            try (EventLog.RecordStream<TransactionRecord> transactions = log.transactions(partition,
                    startOffset(Topics.TRANSACTIONS, partition))) {
                while (transactions.hasNext()) {
                    Broken broken = checkTransaction(transactions.next());
                    transactionBroken = transactionBroken == null ? broken : transactionBroken;
                }
            }
        }
    }

    private static Broken checkEntry(LogRecord<BalanceEntry> record, Map<String, Head> heads) {
        BalanceEntry e = record.value();
        if (e == null) {
            return broken(record.key(), null, record, "undecodable: the record is not a BalanceEntry");
        }
        String id = e.getBalanceId();
        Head previous = heads.put(id, Head.of(e, record.partition(), record.offset()));
        long version = e.getVersion();
        if (!id.equals(record.key())) {
            return broken(id, version, record, "key_mismatch: record key " + record.key());
        }
        long expectedVersion = previous == null ? 0 : previous.version() + 1;
        if (version != expectedVersion) {
            String code = version > expectedVersion ? "version_gap" : "version_out_of_order";
            return broken(id, version, record, code + ": expected version " + expectedVersion + ", found " + version);
        }
        if (previous != null && previous.partition() != record.partition()) {
            return broken(id, version, record, "partition_changed: earlier entries are in partition " + previous.partition());
        }
        String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.hash();
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

    private Broken checkProjection(EventLog.Reading log, LogPass pass, ProjectionView projection) {
        Map<String, Long> comparableUpTo = new HashMap<>();
        Broken first = checkBalanceRows(pass.heads, projection, comparableUpTo);
        if (first != null) {
            return first;
        }
        for (int partition : log.entryPartitions()) {
            Broken broken = checkEntryRows(log, partition, pass.startOffset(Topics.ENTRIES, partition), pass.only,
                    comparableUpTo, projection);
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    /**
     * Each balance's last entry against its {@code balances} row, in chunks; while the only failures are rows behind
     * the log, re-reads them until the projection wait ends. Notes, per balance, the last version both hold.
     */
    private Broken checkBalanceRows(Map<String, Head> heads, ProjectionView projection, Map<String, Long> comparableUpTo) {
        long deadline = System.nanoTime() + projectionWait.toNanos();
        while (true) {
            comparableUpTo.clear();
            Broken first = null;
            boolean behindOnly = true;
            List<String> ids = new ArrayList<>(heads.keySet());
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                Map<String, ProjectedBalance> rows = projection.balances(new java.util.HashSet<>(chunk));
                for (String id : chunk) {
                    Head head = heads.get(id);
                    ProjectedBalance row = rows.get(id);
                    Broken broken = compare(id, head, row);
                    if (broken == null && row != null) {
                        comparableUpTo.put(id, Math.min(row.version(), head.version()));
                    }
                    if (broken != null) {
                        first = first == null ? broken : first;
                        behindOnly &= broken.code().equals("projection_behind") || broken.code().equals("projection_missing");
                    }
                }
            }
            if (first == null || !behindOnly || System.nanoTime() > deadline) {
                return first;
            }
            sleep();
        }
    }

    /** Streams one partition's entries again and compares each, up to the version both hold, with its row. */
    private static Broken checkEntryRows(EventLog.Reading log, int partition, long fromOffset, String only,
                                         Map<String, Long> comparableUpTo, ProjectionView projection) {
        List<LogRecord<BalanceEntry>> chunk = new ArrayList<>(CHUNK);
        try (EventLog.RecordStream<BalanceEntry> entries = log.entries(partition, fromOffset)) {
            while (entries.hasNext()) {
                LogRecord<BalanceEntry> record = entries.next();
                BalanceEntry e = record.value();
                if (e == null || (only != null && !only.equals(e.getBalanceId()))) {
                    continue;
                }
                Long upTo = comparableUpTo.get(e.getBalanceId());
                if (upTo == null || e.getVersion() > upTo) {
                    continue;
                }
                chunk.add(record);
                if (chunk.size() == CHUNK) {
                    Broken broken = compareChunk(chunk, projection);
                    if (broken != null) {
                        return broken;
                    }
                    chunk.clear();
                }
            }
        }
        return chunk.isEmpty() ? null : compareChunk(chunk, projection);
    }

    private static Broken compareChunk(List<LogRecord<BalanceEntry>> chunk, ProjectionView projection) {
        List<EntryKey> keys = new ArrayList<>(chunk.size());
        chunk.forEach(r -> keys.add(new EntryKey(r.value().getBalanceId(), r.value().getVersion())));
        Map<EntryKey, ProjectedEntry> rows = new HashMap<>();
        for (ProjectedEntry row : projection.entries(keys)) {
            rows.put(new EntryKey(row.balanceId(), row.version()), row);
        }
        for (LogRecord<BalanceEntry> record : chunk) {
            BalanceEntry e = record.value();
            Broken broken = compareEntry(record, rows.get(new EntryKey(e.getBalanceId(), e.getVersion())));
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    private static Broken compare(String balanceId, Head head, ProjectedBalance row) {
        String where = "projection row balances/" + balanceId;
        if (row == null) {
            return projectionBroken(balanceId, head, "projection_missing: no " + where);
        }
        if (row.version() < head.version()) {
            return projectionBroken(balanceId, head, "projection_behind: " + where + " is at version " + row.version());
        }
        if (row.version() > head.version()) {
            // newer than the end offsets captured at the start: written after the verifier began; not checkable
            return null;
        }
        if (!head.hash().equals(row.headHash())) {
            return projectionBroken(balanceId, head, "projection_hash_mismatch: " + where + " has head_hash " + row.headHash());
        }
        List<String> differing = new ArrayList<>();
        diff(differing, "balance", head.balance(), row.balance());
        diff(differing, "credit_balance", head.creditBalance(), row.creditBalance());
        diff(differing, "debit_balance", head.debitBalance(), row.debitBalance());
        diff(differing, "inflight_balance", head.inflightBalance(), row.inflightBalance());
        diff(differing, "inflight_credit_balance", head.inflightCreditBalance(), row.inflightCreditBalance());
        diff(differing, "inflight_debit_balance", head.inflightDebitBalance(), row.inflightDebitBalance());
        if (!differing.isEmpty()) {
            return projectionBroken(balanceId, head, "projection_balance_mismatch: " + where + " differs from the log in "
                    + String.join(", ", differing));
        }
        return null;
    }

    /** One entry against its {@code balance_entries} row. */
    private static Broken compareEntry(LogRecord<BalanceEntry> inLog, ProjectedEntry row) {
        BalanceEntry e = inLog.value();
        String where = "projection row balance_entries/" + e.getBalanceId() + "/" + e.getVersion();
        if (row == null) {
            return broken(e.getBalanceId(), e.getVersion(), inLog, "projection_entry_missing: no " + where);
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
            return broken(e.getBalanceId(), e.getVersion(), inLog, "projection_entry_mismatch: " + where
                    + " differs from the log in " + String.join(", ", differing));
        }
        return null;
    }

    private static void diff(List<String> differing, String field, String logValue, BigInteger projected) {
        if (projected == null || !num(logValue).equals(projected)) {
            differing.add(field);
        }
    }

    private static Broken projectionBroken(String balanceId, Head head, String reason) {
        return new Broken(balanceId, head.version(), Topics.ENTRIES, head.partition(), head.offset(), reason);
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
