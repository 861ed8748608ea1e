package dev.ledgerline.observability.queues;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-second rates of counting meters over a sliding window, from samples of their cumulative counts
 * (as Prometheus's {@code rate()} does, but inside the process for the worker's own page). A counter
 * that went down (restarted) starts over.
 */
public final class RateTracker {

    private record Sample(long atMs, double count) {
    }

    private final long windowMs;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    public RateTracker(long windowMs) {
        this.windowMs = windowMs;
    }

    /** Records the cumulative {@code count} of the series {@code key} at {@code atMs}. */
    public void sample(String key, double count, long atMs) {
        Deque<Sample> series = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (series) {
            if (!series.isEmpty() && count < series.peekLast().count()) {
                series.clear();
            }
            series.addLast(new Sample(atMs, count));
            while (series.size() > 2 && series.peekFirst().atMs() < atMs - windowMs) {
                series.removeFirst();
            }
        }
    }

    /** Events per second over the window, or NaN until two samples at least one second apart exist. */
    public double ratePerSecond(String key) {
        Deque<Sample> series = samples.get(key);
        if (series == null) {
            return Double.NaN;
        }
        synchronized (series) {
            if (series.size() < 2) {
                return Double.NaN;
            }
            Sample first = series.peekFirst();
            Sample last = series.peekLast();
            long spanMs = last.atMs() - first.atMs();
            return spanMs < 1_000 ? Double.NaN : (last.count() - first.count()) * 1000.0 / spanMs;
        }
    }
}
