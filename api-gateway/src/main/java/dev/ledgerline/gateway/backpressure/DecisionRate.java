package dev.ledgerline.gateway.backpressure;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many transfers the processor decides per millisecond while it has work, from the end of
 * {@code ledger.transactions}: a transfer writes two records there (its QUEUED record and its outcome), so the
 * records added, halved, are the transfers decided (an approximation: exactly-once commit markers take offsets too,
 * and a commit or void of a hold writes one record). This is the rate a new command's wait depends on: the processor
 * may consume entry commands faster for a while (a bulk batch is consumed in one step and fans out into a thousand
 * legs), but it finishes transfers only this fast.
 *
 * <p>Counted only over time in which the processor had records waiting (idle time would dilute it), and not over a
 * stop longer than {@link QueueWaitEstimator#STALL_MS} (a restart is the age limit's case). When nothing was decided
 * in the window, the last rate measured stands. Not thread-safe; one caller.
 */
final class DecisionRate {

    /** Records a transfer writes to ledger.transactions: QUEUED and its outcome. */
    static final double RECORDS_PER_TRANSFER = 2.0;

    private record Interval(long endMs, long durationMs, long records) {
    }

    private final long windowMs;
    private final Deque<Interval> seen = new ArrayDeque<>();
    private long lastRecords = -1;
    private long lastMs;
    private boolean lastBusy;
    /** time with work waiting since the end of ledger.transactions last moved */
    private long stillMs;
    private double lastRatePerMs;

    DecisionRate(long windowMs) {
        this.windowMs = windowMs;
    }

    /**
     * One measurement: the sum of {@code ledger.transactions}' end offsets, whether the processor had records waiting,
     * at {@code nowMs}. Returns transfers decided per busy millisecond (0 when never measured).
     */
    double update(long decidedRecords, boolean busy, long nowMs) {
        if (lastRecords >= 0 && decidedRecords < lastRecords) {
            seen.clear(); // the topic was recreated: what was measured no longer applies
            lastRatePerMs = 0;
        } else if (lastRecords >= 0 && lastBusy && nowMs > lastMs) {
            long sinceMs = nowMs - lastMs;
            if (decidedRecords > lastRecords) {
                long waitedMs = stillMs <= QueueWaitEstimator.STALL_MS ? stillMs : 0;
                seen.addLast(new Interval(nowMs, waitedMs + sinceMs, decidedRecords - lastRecords));
                stillMs = 0;
            } else {
                stillMs += sinceMs;
            }
        }
        if (!busy) {
            stillMs = 0;
        }
        lastRecords = decidedRecords;
        lastMs = nowMs;
        lastBusy = busy;
        while (!seen.isEmpty() && seen.peekFirst().endMs() < nowMs - windowMs) {
            seen.removeFirst();
        }
        long records = 0;
        long busyMs = 0;
        for (Interval i : seen) {
            records += i.records();
            busyMs += i.durationMs();
        }
        if (records > 0 && busyMs > 0) {
            lastRatePerMs = records / RECORDS_PER_TRANSFER / busyMs;
        }
        return lastRatePerMs;
    }
}
