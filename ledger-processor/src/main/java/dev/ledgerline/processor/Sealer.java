package dev.ledgerline.processor;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;

/**
 * The seal side of one balance-worker task (= one partition of {@code ledger.entries}). Every entry
 * the task writes records its balance's new chain head in {@code seal-heads-store}
 * ({@code balance id → "version|hash|first unsealed ms"}); the wall-clock punctuator calls
 * {@link #seal(long)}, which, when heads changed, emits one {@link SealRecord} binding them (sorted by
 * balance id) onto the partition's previous seal ({@code seal-state-store}, key {@value #LAST},
 * value {@code "seq|seal hash"}) and clears them. Both stores are changelogged and written in the
 * task's exactly-once transaction together with the entries and the seal, so a seal never binds an
 * entry that was not committed, and a restart neither loses nor repeats a seal.
 */
final class Sealer {

    static final String LAST = "last";

    private final ProcessorContext<String, Object> context;
    private final KeyValueStore<String, String> heads;
    private final KeyValueStore<String, String> state;
    private final ProcessorMetrics.ChainStatus status;
    private final int partition;

    Sealer(ProcessorContext<String, Object> context, ProcessorMetrics metrics) {
        this.context = context;
        this.heads = context.getStateStore(StoreNames.SEAL_HEADS_STORE);
        this.state = context.getStateStore(StoreNames.SEAL_STATE_STORE);
        this.partition = context.taskId().partition();
        this.status = metrics.chainStatus(partition);
        long backlog = 0;
        long oldest = Long.MAX_VALUE;
        try (KeyValueIterator<String, String> all = heads.all()) {
            while (all.hasNext()) {
                backlog++;
                oldest = Math.min(oldest, firstUnsealedMs(all.next().value));
            }
        }
        status.update(lastSeq(), backlog, backlog == 0 ? 0 : oldest);
    }

    /** Records {@code entry} as its balance's newest unsealed head. */
    void written(Entry entry) {
        String previous = heads.get(entry.balanceId());
        long firstUnsealed = previous == null ? context.currentSystemTimeMs() : firstUnsealedMs(previous);
        heads.put(entry.balanceId(), entry.version() + "|" + entry.hash() + "|" + firstUnsealed);
        if (previous == null) {
            status.headAdded(firstUnsealed);
        }
    }

    /** Emits a seal of every head written since the last seal; nothing when idle. */
    void seal(long nowMs) {
        List<KeyValue<String, String>> pending = new ArrayList<>();
        try (KeyValueIterator<String, String> all = heads.all()) {
            all.forEachRemaining(pending::add);
        }
        if (pending.isEmpty()) {
            return;
        }
        pending.sort((a, b) -> a.key.compareTo(b.key));
        List<SealHead> sealHeads = new ArrayList<>(pending.size());
        List<SealHash.Head> hashHeads = new ArrayList<>(pending.size());
        for (KeyValue<String, String> head : pending) {
            String[] parts = head.value.split("\\|", -1);
            long version = Long.parseLong(parts[0]);
            sealHeads.add(new SealHead(head.key, version, parts[1]));
            hashHeads.add(new SealHash.Head(head.key, version, parts[1]));
        }
        String last = state.get(LAST);
        long seq = last == null ? 1 : Long.parseLong(last.substring(0, last.indexOf('|'))) + 1;
        String prevHash = last == null ? Canonical.GENESIS_HASH : last.substring(last.indexOf('|') + 1);
        String sealHash = SealHash.of(prevHash, partition, seq, nowMs, hashHeads);
        SealRecord seal = new SealRecord(partition, seq, sealHeads, prevHash, nowMs, sealHash);
        context.forward(new Record<>(Integer.toString(partition), seal, nowMs), LedgerTopology.SEALS_SINK);
        state.put(LAST, seq + "|" + sealHash);
        for (KeyValue<String, String> head : pending) {
            heads.delete(head.key);
        }
        status.update(seq, 0, 0);
    }

    private long lastSeq() {
        String last = state.get(LAST);
        return last == null ? 0 : Long.parseLong(last.substring(0, last.indexOf('|')));
    }

    private static long firstUnsealedMs(String value) {
        return Long.parseLong(value.substring(value.lastIndexOf('|') + 1));
    }

    void close() {
        status.close();
    }
}
