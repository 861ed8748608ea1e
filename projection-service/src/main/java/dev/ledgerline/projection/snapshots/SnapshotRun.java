package dev.ledgerline.projection.snapshots;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.ledgerline.projection.store.BalanceSnapshots;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * One snapshot run over every balance, batch by batch in id order, all at one {@code snapshot_at}. Blnk starts its
 * run and only logs the outcome; here the last run's outcome is also readable ({@link #last()}) and counted. One run
 * at a time: asking while one runs joins it.
 */
@Component
public class SnapshotRun {

    private static final Logger log = LoggerFactory.getLogger(SnapshotRun.class);

    private final BalanceSnapshots snapshots;
    private final Clock clock;
    private final AtomicReference<SnapshotStatus> last = new AtomicReference<>(SnapshotStatus.NEVER);
    private final Counter written;
    private final Counter failed;

    public SnapshotRun(BalanceSnapshots snapshots, MeterRegistry meters) {
        this.snapshots = snapshots;
        this.clock = Clock.systemUTC();
        this.written = Counter.builder("ledgerline.balance.snapshots.written")
                .description("balance snapshots written by POST /balances-snapshots runs").register(meters);
        this.failed = Counter.builder("ledgerline.balance.snapshot.runs.failed")
                .description("balance snapshot runs that stopped on an error").register(meters);
    }

    /** Starts a run unless one is running; the status of the run that now runs. */
    public SnapshotStatus start(int batchSize) {
        // PostgreSQL keeps microseconds: the answer names the instant exactly as stored
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SnapshotStatus running = SnapshotStatus.running(at, batchSize);
        SnapshotStatus before = last.get();
        if (before.state() == SnapshotStatus.State.RUNNING || !last.compareAndSet(before, running)) {
            return last.get();
        }
        batchesAfter("", running)
                .subscribe(done -> finish(done.completed(clock.instant())), error -> {
                    failed.increment();
                    log.error("balance snapshot run of {} stopped: {}", at, error.toString());
                    finish(last.get().failed(clock.instant(), error.getClass().getSimpleName()));
                });
        return running;
    }

    public SnapshotStatus last() {
        return last.get();
    }

    private Mono<SnapshotStatus> batchesAfter(String after, SnapshotStatus status) {
        return snapshots.nextBatch(after, status.batchSize()).flatMap(ids -> ids.isEmpty()
                ? Mono.just(status)
                : snapshots.take(ids, status.snapshotAt()).flatMap(count -> {
                    written.increment(count);
                    SnapshotStatus next = status.progressed(ids.size(), count);
                    last.set(next);
                    return batchesAfter(lastOf(ids), next);
                }));
    }

    private void finish(SnapshotStatus done) {
        last.set(done);
        log.info("balance snapshot run of {} {}: {} balances read, {} snapshots written", done.snapshotAt(),
                done.state(), done.balancesRead(), done.snapshotsWritten());
    }

    private static String lastOf(List<String> ids) {
        return ids.get(ids.size() - 1);
    }
}
