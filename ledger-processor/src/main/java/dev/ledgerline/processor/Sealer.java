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
import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;

/**
 * The seal side of one balance-worker task (= one partition of {@code ledger.entries}). The first entry a
 * balance gets after a seal marks it unsealed in {@code seal-heads-store} ({@code balance id → "first unsealed
 * ms"}; later entries before the next seal write nothing there, so the store costs one write per balance per
 * seal, not one per entry). The wall-clock punctuator calls {@link #seal(long)}, which, when balances changed,
 * emits one {@link SealRecord} binding their chain heads (version and hash, read from {@code balances-store};
 * sorted by balance id) onto the partition's previous seal ({@code seal-state-store}, key {@value #LAST},
 * value {@code "seq|seal hash"}) and clears the marks. Marks written before this layout hold
 * {@code "version|hash|first unsealed ms"}: only the part after the last {@code |} is read. Both stores are changelogged and written in the
 * task's exactly-once transaction together with the entries and the seal, so a seal never binds an
 * entry that was not committed, and a restart neither loses nor repeats a seal.
 */
final class Sealer {

    static final String LAST = "last";

    private final ProcessorContext<String, Object> context;
    private final KeyValueStore<String, String> heads;
    private final KeyValueStore<String, String> state;
    private final KeyValueStore<String, BalanceState> balances;
    private final ProcessorMetrics.ChainStatus status;
    private final int partition;

    Sealer(ProcessorContext<String, Object> context, ProcessorMetrics metrics) {
        this.context = context;
        this.heads = context.getStateStore(StoreNames.SEAL_HEADS_STORE);
        this.state = context.getStateStore(StoreNames.SEAL_STATE_STORE);
        this.balances = context.getStateStore(StoreNames.BALANCES_STORE);
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

    /** Marks {@code entry}'s balance unsealed, unless an earlier entry since the last seal already did. */
    void written(Entry entry) {
        if (heads.get(entry.balanceId()) != null) {
            return;
        }
        long firstUnsealed = context.currentSystemTimeMs();
        heads.put(entry.balanceId(), Long.toString(firstUnsealed));
        status.headAdded(firstUnsealed);
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
            BalanceState balance = balances.get(head.key);
            if (balance == null) {
                throw new LedgerInvariantViolation("balance " + head.key + " is marked unsealed but has no state");
            }
            // the balance's newest entry is its chain head: the one the seal binds
            sealHeads.add(new SealHead(head.key, balance.getVersion(), balance.getHeadHash()));
            hashHeads.add(new SealHash.Head(head.key, balance.getVersion(), balance.getHeadHash()));
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
