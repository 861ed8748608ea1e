package dev.ledgerline.projection.integrity;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.ledgerline.projection.http.ApiException;
import reactor.core.publisher.Mono;

/**
 * Routes that re-read the whole event log (integrity verification) run one at a time per projection: each such
 * scan holds a broker connection, a thread and memory for minutes, so a second caller is told to come back
 * (429 {@code GEN_RATE_LIMITED}) instead of queueing scans behind each other. The gateway forwards every such
 * call here, so the limit holds however many gateways there are.
 */
@Component
public class LogScanGate {

    static final String BUSY = "a log scan is already running; try again when it has finished";

    private final Semaphore permit = new Semaphore(1);

    /**
     * Runs {@code scan} if no other scan is running, else fails with 429 at once. The permit is freed as the result
     * comes out, before it travels on to be written: a client that sends its next scan as soon as it has the answer
     * must not find the gate still closed ({@code doFinally} alone runs only after the response has gone out).
     */
    public <T> Mono<T> runAlone(Supplier<Mono<T>> scan) {
        return Mono.defer(() -> {
            if (!permit.tryAcquire()) {
                return Mono.error(ApiException.rateLimited(BUSY));
            }
            AtomicBoolean held = new AtomicBoolean(true);
            Runnable free = () -> {
                if (held.compareAndSet(true, false)) {
                    permit.release();
                }
            };
            return Mono.defer(scan)
                    .doOnSuccess(result -> free.run())
                    .doOnError(error -> free.run())
                    .doOnCancel(free)
                    .doFinally(signal -> free.run());
        });
    }

    /** Takes the permit as a running scan would (for operators' tooling and tests); false when one runs. */
    public boolean tryHold() {
        return permit.tryAcquire();
    }

    /** Frees a permit taken with {@link #tryHold()}. */
    public void release() {
        permit.release();
    }
}
