package dev.ledgerline.bench;

import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Finds when transfers become readable through the gateway, the way a client reads them:
 * {@code GET /transactions/reference/<reference>_q} answering 200.
 *
 * <p>A transfer is watched from the moment its final record is visible on {@code ledger.transactions}; every
 * {@code interval} the probe asks the gateway for each watched transfer still unreadable that is due, so the
 * time it records is late by at most one interval (or a fifth of the lag, once that is longer) plus one request. The difference between the two times is the
 * projection's lag for that transfer. Probing costs the stack a GET per watched transfer per interval, so the driver
 * watches a sample of transfers (and the last of each partition, which are readable only when all before them are).
 */
final class ReadabilityProbe implements AutoCloseable {

    private final LoadHttpClient http;
    private final AtomicLongArray readableNs;
    private final ConcurrentLinkedQueue<Watched> watched = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "readability-probe");
        t.setDaemon(true);
        return t;
    });

    /**
     * Asked again after a fifth of the time it has been watched (at most 20 % late), so that probing a lagging
     * projection costs a few requests per watched transfer, not one per interval.
     */
    private static final long BACKOFF_DIVISOR = 5;
    /** Most GETs in flight at once. */
    private static final int MAX_ASKING = 16;

    private final long intervalNs;
    private final java.util.concurrent.atomic.AtomicInteger asking = new java.util.concurrent.atomic.AtomicInteger();

    private static final class Watched {
        final int index;
        final String path;
        final long watchedNs = System.nanoTime();
        final AtomicBoolean asking = new AtomicBoolean();
        volatile long nextAskNs = watchedNs;

        Watched(int index, String path) {
            this.index = index;
            this.path = path;
        }
    }

    /**
     * @param transfers  how many transfers the run has (indexes 0..transfers-1)
     * @param intervalMs how often each watched transfer is asked for
     */
    ReadabilityProbe(LoadHttpClient http, int transfers, long intervalMs) {
        this.http = http;
        this.readableNs = new AtomicLongArray(transfers);
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        ticker.scheduleWithFixedDelay(this::askAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Starts asking for transfer {@code index}, whose final record has reference {@code finalReference}. */
    void watch(int index, String finalReference) {
        watched.add(new Watched(index, "/transactions/reference/" + finalReference));
    }

    /** nanoTime at which transfer {@code index} was first seen readable, 0 if not (yet) or not watched. */
    long readableNs(int index) {
        return readableNs.get(index);
    }

    /** Waits until every one of {@code indexes} is readable; false if the deadline came first. */
    boolean awaitReadable(Collection<Integer> indexes, long deadlineNs) throws InterruptedException {
        while (System.nanoTime() < deadlineNs) {
            if (indexes.stream().allMatch(i -> readableNs.get(i) != 0)) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private void askAll() {
        long now = System.nanoTime();
        for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
            Watched w = it.next();
            if (readableNs.get(w.index) != 0) {
                it.remove();
            } else if (now >= w.nextAskNs && asking.get() < MAX_ASKING && w.asking.compareAndSet(false, true)) {
                asking.incrementAndGet();
                w.nextAskNs = now + Math.max(intervalNs, (now - w.watchedNs) / BACKOFF_DIVISOR);
                http.get(w.path).whenComplete((answer, error) -> {
                    if (error == null && answer.status() == 200) {
                        readableNs.compareAndSet(w.index, 0, System.nanoTime());
                    }
                    asking.decrementAndGet();
                    w.asking.set(false);
                });
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
