package dev.ledgerline.gateway.backpressure;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How fast a counter that only grows (a consumer group's position, a topic's end) moved while there was work, over
 * the last {@code windowMs}: what it moved ÷ the time in which it was saturated. Only saturated intervals count (the
 * caller says which: work waited all along); one that merely began with work may have been mostly idle (at light load
 * a record caught waiting at one check is done within milliseconds), and counting it made a processor that was only
 * unloaded look slow, so that 200 concurrent requests read as 19 s of work. Time in which the counter stood still
 * while work waited counts when it was short (positions and ends move in steps, at commits), not when it lasted over
 * {@link QueueWaitEstimator#STALL_MS}: a stop (a restart, a rebalance) must not make the counter look slow once it
 * moves again; nor does a gap of that length between two measurements (the broker could not be asked: after a broker
 * restart one interval of 20 s made a few records look like twenty minutes of work). A counter that goes back (a
 * group reset, a topic recreated) starts over. Not thread-safe; one caller.
 */
final class BusyRate {

    private record Interval(long endMs, long durationMs, long moved) {
    }

    private final long windowMs;
    private final long minMoved;
    private final Deque<Interval> seen = new ArrayDeque<>();
    private boolean measured;
    private long lastCount;
    private long lastMs;
    /** time with work waiting since the counter last moved */
    private long stillMs;

    /**
     * @param minMoved what the counter must have moved in the window for its rate to be trusted: a rate measured on
     *                 a handful of items is per-commit overhead, and judged 200 grouped requests as 23 s of work
     */
    BusyRate(long windowMs, long minMoved) {
        this.windowMs = windowMs;
        this.minMoved = minMoved;
    }

    /**
     * One measurement: the counter's value at {@code nowMs}, and whether the interval since the previous measurement
     * was saturated (work waited all along: the counter's owner did not get through what waited at its start).
     * Returns what the counter moved since the previous measurement: 0 on the first, or when it went back.
     */
    long update(long count, boolean saturated, long nowMs) {
        long moved = measured && count > lastCount ? count - lastCount : 0;
        if (measured && count < lastCount) {
            seen.clear(); // what was measured before no longer applies
            stillMs = 0;
        } else if (measured && nowMs - lastMs > QueueWaitEstimator.STALL_MS) {
            stillMs = 0; // no measurement for that long (the broker could not be asked): how busy it was is unknown
        } else if (measured && saturated && nowMs > lastMs) {
            long sinceMs = nowMs - lastMs;
            if (count > lastCount) {
                long waitedMs = stillMs <= QueueWaitEstimator.STALL_MS ? stillMs : 0;
                seen.addLast(new Interval(nowMs, waitedMs + sinceMs, count - lastCount));
                stillMs = 0;
            } else {
                stillMs += sinceMs;
            }
        } else {
            stillMs = 0;
        }
        measured = true;
        lastCount = count;
        lastMs = nowMs;
        while (!seen.isEmpty() && seen.peekFirst().endMs() < nowMs - windowMs) {
            seen.removeFirst();
        }
        return moved;
    }

    /** True when {@code count} is lower than the counter's last measured value: it was reset. */
    boolean wentBack(long count) {
        return measured && count < lastCount;
    }

    /** What the counter moved per busy millisecond in the window; 0 when it moved less than the minimum. */
    double perMs() {
        long moved = 0;
        long busyMs = 0;
        for (Interval i : seen) {
            moved += i.moved();
            busyMs += i.durationMs();
        }
        return moved < minMoved || busyMs == 0 ? 0 : moved / (double) busyMs;
    }
}
