package dev.ledgerline.projection.integrity;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.EntryKind;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * A correct ledger of any size, generated on the fly and never held: {@code entryCount} entries over {@code balances}
 * balances in one partition (entry i belongs to balance i mod balances: an OPEN, then credits of 1), a seal after
 * every {@code sealEvery} entries binding the heads they changed, and a projection that agrees with it. Its own memory
 * is one chain head per balance and the last few thousand entries (which the projection answers from), so a verifier
 * reading it shows its own memory use.
 */
final class SyntheticLedger implements EventLog.Reading, ProjectionView {

    private static final int RECENT = 4 * Verifier.CHUNK;

    private final int balances;
    private final long entryCount;
    private final int sealEvery;
    private final Map<EntryKey, ProjectedEntry> recent = new LinkedHashMap<>(RECENT, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EntryKey, ProjectedEntry> eldest) {
            return size() > RECENT;
        }
    };
    private final Map<String, ProjectedBalance> finalRows = new HashMap<>();

    SyntheticLedger(int balances, long entryCount, int sealEvery) {
        this.balances = balances;
        this.entryCount = entryCount;
        this.sealEvery = sealEvery;
    }

    static String balanceId(int index) {
        return "bln_synthetic_" + index;
    }

    @Override
    public List<Integer> entryPartitions() {
        return List.of(0);
    }

    @Override
    public List<Integer> transactionPartitions() {
        return List.of();
    }

    @Override
    public EventLog.RecordStream<BalanceEntry> entries(int partition, long fromOffset) {
        fromStart(fromOffset);
        Chains chains = new Chains();
        return new EventLog.RecordStream<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < entryCount;
            }

            @Override
            public LogRecord<BalanceEntry> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                BalanceEntry entry = chains.entry(next);
                LogRecord<BalanceEntry> record = new LogRecord<>(Topics.ENTRIES, 0, next, entry.getBalanceId(), entry);
                remember(record);
                next++;
                return record;
            }
        };
    }

    @Override
    public EventLog.RecordStream<SealRecord> seals(int partition, long fromOffset) {
        fromStart(fromOffset);
        Chains chains = new Chains();
        return new EventLog.RecordStream<>() {
            private long sealed;
            private long seq;
            private String previousHash = Canonical.GENESIS_HASH;

            @Override
            public boolean hasNext() {
                return sealed < entryCount;
            }

            @Override
            public LogRecord<SealRecord> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TreeMap<String, SealHead> heads = new TreeMap<>();
                long until = Math.min(entryCount, sealed + sealEvery);
                for (; sealed < until; sealed++) {
                    BalanceEntry e = chains.entry(sealed);
                    heads.put(e.getBalanceId(), new SealHead(e.getBalanceId(), e.getVersion(), e.getHash()));
                }
                seq++;
                List<SealHash.Head> hashHeads = new ArrayList<>();
                heads.values().forEach(h -> hashHeads.add(new SealHash.Head(h.getBalanceId(), h.getVersion(), h.getHash())));
                String hash = SealHash.of(previousHash, 0, seq, seq, hashHeads);
                SealRecord seal = new SealRecord(0, seq, new ArrayList<>(heads.values()), previousHash, seq, hash);
                previousHash = hash;
                return new LogRecord<>(Topics.SEALS, 0, seq - 1, "0", seal);
            }
        };
    }

    @Override
    public EventLog.RecordStream<TransactionRecord> transactions(int partition, long fromOffset) {
        return EventLog.RecordStream.of(List.of());
    }

    @Override
    public long endOffset(String topic, int partition) {
        return Topics.SEALS.equals(topic) ? (entryCount + sealEvery - 1) / sealEvery : Topics.ENTRIES.equals(topic) ? entryCount : 0;
    }

    /** Generated chains start at their genesis: only whole-log runs read this ledger. */
    private static void fromStart(long fromOffset) {
        if (fromOffset != 0) {
            throw new UnsupportedOperationException("the synthetic ledger is read from offset 0 only");
        }
    }

    private void remember(LogRecord<BalanceEntry> record) {
        BalanceEntry e = record.value();
        BigInteger credit = new BigInteger(e.getCreditBalance());
        recent.put(new EntryKey(e.getBalanceId(), e.getVersion()), new ProjectedEntry(e.getBalanceId(), e.getVersion(),
                e.getKind().name(), e.getTransactionId(), new BigInteger(e.getAmount()), credit, credit, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, e.getPrevHash(), e.getHash(), record.partition(),
                record.offset()));
        finalRows.put(e.getBalanceId(), new ProjectedBalance(e.getBalanceId(), e.getVersion(), e.getHash(), credit, credit,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO));
    }

    @Override
    public Map<String, ProjectedBalance> balances(Set<String> balanceIds) {
        Map<String, ProjectedBalance> rows = new HashMap<>();
        balanceIds.forEach(id -> {
            if (finalRows.containsKey(id)) {
                rows.put(id, finalRows.get(id));
            }
        });
        return rows;
    }

    @Override
    public List<ProjectedEntry> entries(Collection<EntryKey> keys) {
        List<ProjectedEntry> rows = new ArrayList<>();
        keys.forEach(key -> {
            ProjectedEntry row = recent.get(key);
            if (row != null) {
                rows.add(row);
            }
        });
        return rows;
    }

    /** The chains, advanced one entry at a time; entry i must be asked for in order. */
    private final class Chains {
        private final long[] versions = new long[balances];
        private final String[] hashes = new String[balances];

        BalanceEntry entry(long i) {
            int b = (int) (i % balances);
            long version = versions[b]++;
            String prev = hashes[b] == null ? Canonical.GENESIS_HASH : hashes[b];
            BigInteger credit = BigInteger.valueOf(version);
            EntryKind kind = version == 0 ? EntryKind.OPEN : EntryKind.CREDIT;
            BigInteger amount = version == 0 ? BigInteger.ZERO : BigInteger.ONE;
            String txn = version == 0 ? null : "txn_" + b + "_" + version;
            Entry unsealed = new Entry(balanceId(b), version, kind, "ldg_synthetic", "USD", null, "", txn, amount, credit,
                    credit, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, "{}", 1L, 100L + i,
                    100L + i, prev, null);
            String hash = unsealed.expectedHash();
            hashes[b] = hash;
            return BalanceEntry.newBuilder()
                    .setBalanceId(balanceId(b)).setVersion(version)
                    .setKind(dev.ledgerline.wire.v1.EntryKind.valueOf(kind.name())).setLedgerId("ldg_synthetic")
                    .setCurrency("USD").setIndicator(null).setIdentityId("").setTransactionId(txn)
                    .setAmount(amount.toString()).setBalance(credit.toString()).setCreditBalance(credit.toString())
                    .setDebitBalance("0").setInflightBalance("0").setInflightCreditBalance("0").setInflightDebitBalance("0")
                    .setMetaDataJson("{}").setBalanceCreatedAtMs(1L).setRecordedAtMs(100L + i).setEffectiveAtMs(100L + i)
                    .setPrevHash(prev).setHash(hash).build();
        }
    }
}
