package dev.ledgerline.projection.hooks;

import java.time.Duration;

import dev.ledgerline.core.hooks.HookType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The hook calls' meters. Tags are the hook type and fixed outcome words only: never a hook id (unbounded), URL,
 * header or body.
 */
final class HookMetrics {

    private final MeterRegistry registry;

    HookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One attempt and its latency. */
    void attempt(HookType type, HookAttempt attempt, Duration took) {
        Counter.builder("ledgerline.hook.calls")
                .description("transaction hook calls by hook type and outcome (succeeded, failed, timed_out, unreachable)")
                .tag("hook_type", type.name()).tag("outcome", attempt.tag())
                .register(registry).increment();
        Timer.builder("ledgerline.hook.call.duration")
                .description("time from calling a transaction hook to its answer (or the failure)")
                .tag("hook_type", type.name())
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** An attempt after the first one of the same call. */
    void retry(HookType type) {
        Counter.builder("ledgerline.hook.retries").description("transaction hook attempts after a call's first")
                .tag("hook_type", type.name()).register(registry).increment();
    }

    /** A call given up after its retries, set aside into ledger.webhook-dead-letters. */
    void deadLettered(HookType type) {
        Counter.builder("ledgerline.hook.dead.letters")
                .description("transaction hook calls that exhausted retry_count, set aside into ledger.webhook-dead-letters")
                .tag("hook_type", type.name()).register(registry).increment();
    }

    /** A record the hook lanes could not decode, skipped (the projection sets it aside). */
    void undecodable() {
        Counter.builder("ledgerline.hook.undecodable.records")
                .description("records of ledger.transactions or ledger.hooks the hook delivery could not decode")
                .register(registry).increment();
    }
}
