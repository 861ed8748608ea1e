package dev.ledgerline.observability.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a consumer has set aside into the dead-letter topic: counted in {@code ledgerline_dead_letters_total}
 * ({@code consumer}, {@code topic}, {@code reason}), and remembered so that {@code /health} says
 * {@code DEGRADED} with the latest one for {@link #degradedFor} after it. The service goes on meanwhile:
 * a dead letter never stops a consumer, so an operator must learn of it somewhere.
 */
public final class DeadLetterHealth {

    /** How long a dead letter keeps {@code /health} degraded when nothing else is configured. */
    public static final Duration DEFAULT_DEGRADED_FOR = Duration.ofHours(1);

    private final MeterRegistry registry;
    private final String consumer;
    private final Duration degradedFor;
    private final AtomicLong total = new AtomicLong();
    private volatile Latest latest;

    private record Latest(String source, String reason, long atMs) {
    }

    public DeadLetterHealth(MeterRegistry registry, String consumer, Duration degradedFor) {
        this.registry = registry;
        this.consumer = consumer;
        this.degradedFor = degradedFor;
    }

    /** One record set aside: {@code source} says where it was ({@code topic-partition@offset}). */
    public void recorded(String topic, String source, String reason, long atMs) {
        Counter.builder("ledgerline.dead.letters")
                .description("records set aside into ledger.dead-letters instead of stalling the consumer")
                .tag("consumer", consumer)
                .tag("topic", topic)
                .tag("reason", reason)
                .register(registry)
                .increment();
        total.incrementAndGet();
        latest = new Latest(source, reason, atMs);
    }

    /** Records set aside since start. */
    public long total() {
        return total.get();
    }

    /** Why {@code /health} is degraded at {@code nowMs}, or empty when no dead letter is recent enough. */
    public Optional<String> degradedReason(long nowMs) {
        Latest last = latest;
        if (last == null || nowMs - last.atMs() > degradedFor.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(total.get() + " record(s) set aside into ledger.dead-letters since start; latest "
                + last.source() + " (" + last.reason() + "); inspect with dev/dead-letters.sh list");
    }
}
