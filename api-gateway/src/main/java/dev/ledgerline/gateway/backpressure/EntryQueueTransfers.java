package dev.ledgerline.gateway.backpressure;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.ledgerline.gateway.GatewayProperties;

/**
 * How many transfers the records of the processor's entry queue carry, so that its backlog and the processor's rate
 * can be measured in transfers rather than records. A record is one transfer, a bulk batch of up to 10,000, or
 * several concurrent commands the gateway grouped: counted in records, a queue of bulk batches after a spell of single
 * POSTs looked a thousand times shorter than it was, until the slow batches had been measured.
 *
 * <p>The gateway knows the count of every record it wrote (told at its acknowledgement); records another gateway
 * instance wrote, or this one before a restart, count as one transfer, as before. Only records of more than one
 * transfer are kept, and only until the processor's position passes them ({@link #forgetBefore}), so the memory is
 * that of the waiting bulk records, at most {@value #MAX_KEPT_PER_PARTITION} per partition. Keeps nothing when
 * backpressure is off (nothing would ever forget).
 *
 * <p>It also counts what was written since the backlog was last measured ({@link #takeWritten}), in the records the
 * processor will write to {@code ledger.transactions} for it (what {@link DecisionRate} measures): what the gate let
 * in after its last look, which the next measurement will see but a request arriving now must already count
 * ({@link ProcessorBacklog#overLimit}). Thread-safe.
 */
@Component
public class EntryQueueTransfers {

    static final int MAX_KEPT_PER_PARTITION = 100_000;

    private static final class Partition {
        /** offset → transfers in that record beyond the first, for records of more than one transfer */
        final NavigableMap<Long, Long> extra = new TreeMap<>();
        /** the extra transfers of records already forgotten (all before every kept offset) */
        long forgottenExtra;
    }

    private final boolean keeping;
    private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();
    private final AtomicLong decisionRecordsSinceTaken = new AtomicLong();

    @Autowired
    public EntryQueueTransfers(GatewayProperties properties) {
        this(properties.backpressure().enabled());
    }

    EntryQueueTransfers(boolean keeping) {
        this.keeping = keeping;
    }

    /** The record at {@code offset} of entry partition {@code partition}, carrying {@code transfers}, was written. */
    public void written(int partition, long offset, int transfers) {
        if (!keeping || transfers <= 1) {
            return;
        }
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        synchronized (p) {
            p.extra.merge(offset, (long) transfers - 1, Long::sum);
            if (p.extra.size() > MAX_KEPT_PER_PARTITION) {
                p.forgottenExtra += p.extra.pollFirstEntry().getValue();
            }
        }
    }

    /**
     * A command was written (acknowledged) for which the processor will write {@code records} records to
     * {@code ledger.transactions}: two per transfer (QUEUED and its outcome), one for a commit or void of a hold.
     */
    public void awaitingDecision(int records) {
        if (keeping) {
            decisionRecordsSinceTaken.addAndGet(records);
        }
    }

    /** The decision records awaited for what was written since the last call, which starts the count again. */
    long takeWritten() {
        return decisionRecordsSinceTaken.getAndSet(0);
    }

    /** The decision records awaited for what was written since the last {@link #takeWritten}. */
    long writtenSinceTaken() {
        return decisionRecordsSinceTaken.get();
    }

    /**
     * The position of {@code offset} counted in transfers: the offset plus what the records before it carried beyond
     * one each. Differences between two positions are the transfers between them.
     */
    long transfersBefore(int partition, long offset) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return offset;
        }
        synchronized (p) {
            long extra = p.forgottenExtra;
            for (long e : p.extra.headMap(offset, false).values()) {
                extra += e;
            }
            return offset + extra;
        }
    }

    /** The processor has passed {@code offset}: records before it are folded into a sum, positions stay the same. */
    void forgetBefore(int partition, long offset) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return;
        }
        synchronized (p) {
            NavigableMap<Long, Long> passed = p.extra.headMap(offset, false);
            for (long e : passed.values()) {
                p.forgottenExtra += e;
            }
            passed.clear();
        }
    }
}
