package dev.ledgerline.projection.webhooks;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The webhook delivery's meters. Tags are Blnk's event names and fixed outcome words only, never a URL, header or
 * body. The age of the oldest undelivered event comes from the consumer group's backlog (QueueViews).
 */
public final class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One attempt: {@code outcome} delivered, refused or unavailable; its latency. */
    public void attempt(String event, AttemptResult result, Duration took) {
        Counter.builder("ledgerline.webhook.deliveries")
                .description("webhook delivery attempts by event and outcome (delivered, refused, unavailable)")
                .tag("event", event).tag("outcome", result.outcome())
                .register(registry).increment();
        Timer.builder("ledgerline.webhook.delivery.duration")
                .description("time from sending a webhook to the receiver's answer (or the failure)")
                .tag("outcome", result.outcome())
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** An attempt after the first one of the same event. */
    public void retry(String event) {
        Counter.builder("ledgerline.webhook.retries").description("webhook attempts after an event's first")
                .tag("event", event).register(registry).increment();
    }

    /** An event given up and set aside into the webhook dead-letter topic. */
    public void deadLettered(String event, AttemptResult.Kind lastKind) {
        Counter.builder("ledgerline.webhook.dead.letters")
                .description("webhook events that exhausted their retries, set aside into ledger.webhook-dead-letters")
                .tag("event", event).tag("reason", lastKind.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** A record of a webhook topic that could not be decoded, skipped (the projection sets it aside). */
    public void undecodable(String topic) {
        Counter.builder("ledgerline.webhook.undecodable.records")
                .description("records the webhook delivery could not decode and skipped")
                .tag("topic", topic).register(registry).increment();
    }
}
