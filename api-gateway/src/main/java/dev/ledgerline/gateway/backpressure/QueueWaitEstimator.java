package dev.ledgerline.gateway.backpressure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ledgerline.observability.queues.PartitionBacklog;

/**
 * How long a command written now would wait in the processor's queues, from successive measurements of its consumer
 * group's backlog (Little's law: transfers waiting ÷ the rate at which the group consumes them while it has work).
 *
 * <p>Why not depth or age alone: a record is one transfer or a bulk batch of up to 10,000, so a depth in records says
 * little about the work queued, and the oldest record's age only grows as fast as the clock: a burst of bulk requests
 * queued minutes of work before either limit was reached. Backlog and rate are both counted in transfers
 * ({@link EntryQueueTransfers}), so a rate measured on single POSTs judges a queue of bulk batches rightly; records
 * whose count the gateway does not know (another instance wrote them) count as one on both sides.
 *
 * <p>Per partition, the rate is the transfers consumed per millisecond with records waiting in the last
 * {@code windowMs} ({@link BusyRate}: idle time and stops over {@value #STALL_MS} ms are not counted; a processor that
 * stopped is the oldest-age limit's case). A partition whose position did not move in the window has no rate of its
 * own; the decision rate below, which is remembered across idle spells, judges it (a burst after an idle spell is
 * refused from its second check, not seconds later, when a warm gateway has accepted tens of thousands of transfers;
 * not from its first, since a queue the processor empties within one check is no wait). A partition's own last rate is
 * not remembered: at the end of a drain it is that of the processor's own small records, and judged a new bulk batch
 * as minutes of work.
 *
 * <p>Only the topic where new commands enter is estimated by rate ({@code ledger.transaction-commands}): the internal
 * topics between the stages hold records the processor wrote itself, which it writes and consumes in bursts at its
 * commits, and rate estimates on them made a queue whose oldest record had waited 1 s look like a wait of a minute.
 * But the processor can consume entry commands faster than it finishes their legs (a bulk batch is consumed in one
 * call and fans out into a thousand legs), so under a burst most of a transfer's wait can be after the entry queue:
 * the entry estimate said 4-7 s while transfers waited 40 s. Every record of those topics carries the time its
 * transfer entered the ledger, so the oldest waiting one's age is how long the oldest transfer still in progress has
 * waited, and a new command waits about as long. For the same reason the entry queue is also judged by the rate at
 * which the processor decides transfers ({@link DecisionRate}): all of its transfers waiting ÷ transfers decided per
 * busy second. The estimate is the largest of the entry topic's slowest partition, the entry queue at the decision
 * rate and that age. Rates are measured only over intervals in which the group was saturated (it did not get
 * through the records that waited at the start), and the two rate-based parts count only while an entry partition is
 * saturated (a queue the processor empties within one check is no wait: with any interval that began with work
 * counted, 200 concurrent requests at light load read as 19 s); the last two only while the processor is not stalled
 * (records have not waited over {@value #STALL_MS} ms without any position moving): a stopped processor stays the
 * oldest-age limit's case.
 *
 * <p>None of those sees work that has left the entry queue but waits on the internal topics in transfers: a consumed
 * bulk batch is a thousand legs there, in records the gateway cannot count, and the oldest one's age says how long
 * the oldest waited, not how much waits behind it (bursts waited three times the limit). So the estimator also keeps
 * the transfers in progress: those this gateway wrote, less those the processor decided, since the processor was last
 * seen with nothing waiting (when it is 0 again); at the decision rate that is a fourth floor, counted, like the age,
 * only while the processor is not stalled. Decisions of transfers other gateways wrote make it read low, never high,
 * and the other floors remain. Not thread-safe; one caller.
 */
final class QueueWaitEstimator {

    /** Time without progress longer than this is a stop, not slowness. */
    static final long STALL_MS = 5_000;

    /**
     * Transfers a rate must have been measured on to be trusted: on a few, per-commit overheads dominate and the rate
     * says nothing about a queue of hundreds (200 grouped requests at light load read as 23 s of work). A queue the
     * processor could only have measured on fewer is judged by the age floor alone.
     */
    static final long MIN_TRANSFERS_FOR_A_RATE = 1_000;

    private final String entryTopic;
    private final Set<String> stageTopics;
    private final long windowMs;
    private final EntryQueueTransfers transfers;
    private final DecisionRate decisions;
    /** entry partition → how fast the group's position moved, in transfers */
    private final Map<Integer, BusyRate> consumption = new HashMap<>();
    /** The group's position on one partition and the records waiting after it, as last measured. */
    private record Seen(long position, long waiting) {
    }

    /** "topic/partition" → what was seen there, on the entry and stage topics */
    private final Map<String, Seen> seen = new HashMap<>();
    /** when a position on the entry or stage topics last moved forward, or nothing waited there */
    private long lastProgressMs = Long.MIN_VALUE;
    /**
     * what the processor has yet to write to ledger.transactions for the commands this gateway wrote (two records per
     * transfer), as far as the counts tell
     */
    private long inProgressRecords;
    /** the decision rate as last measured, transfers per saturated ms */
    private double decidedPerMs;

    /**
     * @param stageTopics the internal topics between the processor's stages, whose records carry the time their
     *                    transfer entered the ledger
     * @param transfers   what the entry queue's records carry: backlog and rate are counted in transfers
     */
    QueueWaitEstimator(String entryTopic, Set<String> stageTopics, long windowMs, EntryQueueTransfers transfers) {
        this.entryTopic = entryTopic;
        this.stageTopics = Set.copyOf(stageTopics);
        this.decisions = new DecisionRate(windowMs);
        this.windowMs = windowMs;
        this.transfers = transfers;
    }

    /**
     * Takes one measurement of the processor's input partitions (topics other than the entry and stage topics are
     * ignored) and of the sum of {@code ledger.transactions}' end offsets ({@code decidedRecords}), made at
     * {@code nowMs}, with what this gateway wrote since the previous one, counted before the partitions were read in
     * the records the processor will write to {@code ledger.transactions} for it ({@code writtenRecords}, two per
     * transfer); returns the estimated wait in seconds.
     */
    double update(long decidedRecords, long writtenRecords, List<PartitionBacklog> partitions, long nowMs) {
        double entryWait = 0;
        long entryBacklog = 0;
        double oldestInProgress = 0;
        boolean busy = false;
        boolean entrySaturated = false;
        boolean saturated = false;
        for (PartitionBacklog p : partitions) {
            boolean entry = p.topic().equals(entryTopic);
            if (entry || stageTopics.contains(p.topic())) {
                boolean full = noteProgress(p, nowMs);
                saturated |= full;
                oldestInProgress = Math.max(oldestInProgress, p.oldestAgeSeconds(nowMs));
                busy |= p.backlog() > 0;
                if (entry) {
                    long backlog = backlogInTransfers(p);
                    entryBacklog += backlog;
                    entrySaturated |= full;
                    entryWait = Math.max(entryWait, entryPartitionWait(p, backlog, full, nowMs));
                }
            }
        }
        if (!busy) {
            lastProgressMs = nowMs;
        }
        decidedPerMs = decisions.update(decidedRecords, saturated, nowMs);
        noteInProgress(decisions.recordsSincePrevious(), writtenRecords, busy);
        boolean stalled = lastProgressMs == Long.MIN_VALUE || nowMs - lastProgressMs > STALL_MS;
        // a queue the processor empties within one check is no wait, whatever a rate says of it
        double byRate = entrySaturated ? entryWait : 0;
        if (stalled) {
            return byRate;
        }
        double untilDecided = entrySaturated ? secondsAtDecisionRate(entryBacklog) : 0;
        double untilInProgressDecided = secondsAtDecisionRecords(inProgressRecords);
        return Math.max(Math.max(byRate, untilDecided), Math.max(oldestInProgress, untilInProgressDecided));
    }

    /** Transfers the processor decides per busy second, as last measured; 0 while unknown. */
    double decidedPerSecond() {
        return decidedPerMs * 1000;
    }

    /** How long the processor takes to write {@code records} decision records at its last rate; 0 while unknown. */
    private double secondsAtDecisionRecords(long records) {
        return secondsAtDecisionRate(records / DecisionRate.RECORDS_PER_TRANSFER);
    }

    /** How long {@code transfers} take at the decision rate last measured; 0 while there is none. */
    private double secondsAtDecisionRate(double transfers) {
        return decidedPerMs > 0 ? transfers / decidedPerMs / 1000.0 : 0;
    }

    /**
     * What was written joins the count and what was decided leaves it; with nothing waiting anywhere it is 0 (what
     * was written before the partitions were read has been decided), which also clears what the counts miss (commit
     * markers take offsets; a scheduled transaction writes a third record).
     */
    private void noteInProgress(long decidedSincePrevious, long writtenRecords, boolean busy) {
        inProgressRecords = busy ? Math.max(0, inProgressRecords + writtenRecords - decidedSincePrevious) : 0;
    }

    /**
     * Notes the partition's position; true when it is saturated: records still wait, and since the previous check
     * the group did not even get through the records that waited then, so it was busy all along (at light load a
     * record caught waiting at one check is done milliseconds later, and an interval that merely began with work
     * measures sparse traffic, not what the processor can do).
     */
    private boolean noteProgress(PartitionBacklog p, long nowMs) {
        String key = p.topic() + "/" + p.partition();
        long position = position(p);
        Seen before = seen.put(key, new Seen(position, p.backlog()));
        if (before == null) {
            return false;
        }
        if (position > before.position()) {
            lastProgressMs = nowMs;
        }
        return p.backlog() > 0 && before.waiting() > 0 && position - before.position() < before.waiting();
    }

    /** Where the group reads next: its committed offset, or the log start when it has none or it was deleted. */
    private static long position(PartitionBacklog p) {
        return Math.max(p.committedOffset(), p.startOffset());
    }

    /** The records waiting on an entry partition, counted in transfers. */
    private long backlogInTransfers(PartitionBacklog p) {
        if (p.backlog() == 0) {
            return 0;
        }
        long position = position(p);
        // the reader counts records (exactly, or as an offset distance); add what the waiting ones carry beyond one each
        long extra = transfers.transfersBefore(p.partition(), p.endOffset()) - transfers.transfersBefore(p.partition(),
                position) - (p.endOffset() - position);
        return p.backlog() + Math.max(0, extra);
    }

    /** One entry partition's wait at its own rate; the transfer counts of records it has passed are forgotten. */
    private double entryPartitionWait(PartitionBacklog p, long backlog, boolean saturated, long nowMs) {
        long position = position(p);
        double wait = waitSeconds(p.partition(), transfers.transfersBefore(p.partition(), position), backlog, saturated,
                nowMs);
        transfers.forgetBefore(p.partition(), position);
        return wait;
    }

    /**
     * @param offset    the group's position in transfers
     * @param backlog   the transfers waiting after it
     * @param saturated whether the group was busy all along since the previous check
     */
    private double waitSeconds(int partition, long offset, long backlog, boolean saturated, long nowMs) {
        BusyRate rate = consumption.computeIfAbsent(partition, k -> new BusyRate(windowMs, MIN_TRANSFERS_FOR_A_RATE));
        rate.update(offset, saturated, nowMs);
        double perMs = rate.perMs();
        return backlog == 0 || perMs == 0 ? 0 : backlog / perMs / 1000.0;
    }
}
