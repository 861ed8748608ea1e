package dev.ledgerline.projection.webhooks;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A webhook lane's meters. Tags are Blnk's event names and fixed outcome words only, never a URL, header or
 * body; a webhook subscription's lane has meters of its own ({@code ledgerline.webhook.subscription.*}) tagged with
 * the subscription id as well (as many values as subscriptions). The age of the oldest undelivered event comes from
 * the consumer group's backlog (QueueViews).
 */
public final class WebhookMetrics {

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags tags;

    /** The global webhook's meters, {@code ledgerline.webhook.*}. */
    public WebhookMetrics(MeterRegistry registry) {
        this(registry, "ledgerline.webhook.", Tags.empty());
    }

    private WebhookMetrics(MeterRegistry registry, String prefix, Tags tags) {
        this.registry = registry;
        this.prefix = prefix;
        this.tags = tags;
    }

    /** A subscription's meters, {@code ledgerline.webhook.subscription.*} with tag {@code subscription}. */
    public static WebhookMetrics forSubscription(MeterRegistry registry, String subscriptionId) {
        return new WebhookMetrics(registry, "ledgerline.webhook.subscription.", Tags.of("subscription", subscriptionId));
    }

    /** Forgets this lane's meters (a deleted subscription's), so they do not outlive it. */
    public void remove() {
        if (!tags.stream().findAny().isPresent()) {
            return;
        }
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith(prefix)
                        && tags.stream().allMatch(tag -> tag.getValue().equals(meter.getId().getTag(tag.getKey()))))
                .toList()
                .forEach(registry::remove);
    }

    /** One attempt: {@code outcome} delivered, refused or unavailable; its latency. */
    public void attempt(String event, AttemptResult result, Duration took) {
        Counter.builder(prefix + "deliveries").tags(tags)
                .description("webhook delivery attempts by event and outcome (delivered, refused, unavailable)")
                .tag("event", event).tag("outcome", result.outcome())
                .register(registry).increment();
        Timer.builder(prefix + "delivery.duration").tags(tags)
                .description("time from sending a webhook to the receiver's answer (or the failure)")
                .tag("outcome", result.outcome())
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** An attempt after the first one of the same event. */
    public void retry(String event) {
        Counter.builder(prefix + "retries").tags(tags).description("webhook attempts after an event's first")
                .tag("event", event).register(registry).increment();
    }

    /** An event given up and set aside into the webhook dead-letter topic. */
    public void deadLettered(String event, AttemptResult.Kind lastKind) {
        Counter.builder(prefix + "dead.letters").tags(tags)
                .description("webhook events that exhausted their retries, set aside into ledger.webhook-dead-letters")
                .tag("event", event).tag("reason", lastKind.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** A record of a webhook topic that could not be decoded, skipped (the projection sets it aside). */
    public void undecodable(String topic) {
        Counter.builder(prefix + "undecodable.records").tags(tags)
                .description("records the webhook delivery could not decode and skipped")
                .tag("topic", topic).register(registry).increment();
    }
}
