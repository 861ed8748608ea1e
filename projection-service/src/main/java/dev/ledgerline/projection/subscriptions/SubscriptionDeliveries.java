package dev.ledgerline.projection.subscriptions;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.core.subscriptions.SubscriptionDefinition;
import dev.ledgerline.observability.Redactor;
import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.webhooks.DeliveryLane;
import dev.ledgerline.projection.webhooks.WebhookDeadLetters;
import dev.ledgerline.projection.webhooks.WebhookLane;
import dev.ledgerline.projection.webhooks.WebhookMetrics;
import dev.ledgerline.projection.webhooks.WebhookRecords;
import dev.ledgerline.projection.webhooks.WebhookSettings;
import dev.ledgerline.wire.v1.WebhookSubscriptionRecord;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Webhook subscriptions' deliveries: one {@link WebhookLane} per subscription, in a consumer group of its own
 * ({@value #GROUP_PREFIX}{@code <id>}), so a slow or dead subscriber holds only its own lane, never the global URL
 * or another subscriber. A lane sends only the events its subscription chose, exactly as the global webhook sends
 * them (envelope, signature with {@code BLNK_SERVER_SECRET_KEY}, event id, retries with the global
 * {@code ledgerline.webhooks.*} policy, dead letters with {@value WebhookDeadLetters#SUBSCRIPTION_ID}).
 *
 * <p>Kept in step with {@link SubscriptionDirectory}: a new subscription gets a lane that starts with the events
 * written from its creation on (never older ones); a replaced one a lane with its new definition in the same group,
 * so it continues where it was; a deleted one loses its lane (and its meters). Stopping the service stops every
 * lane. A lane also delivers the operator's redeliveries ({@code ledger.webhook-redeliveries}) that name its
 * subscription, and only those: a subscription's dead letters go back to that subscription's endpoint.
 */
@Component
public class SubscriptionDeliveries implements SmartLifecycle {

    public static final String GROUP_PREFIX = "ledgerline-webhook-subscription-";
    /** The topics a lane reads: the public event topics and the redelivery requests. */
    static final List<String> TOPICS = WebhookRecords.TOPICS;
    private static final Logger log = LoggerFactory.getLogger(SubscriptionDeliveries.class);

    private final SubscriptionDirectory directory;
    private final WebhookSettings settings;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, WebhookLane> lanes = new HashMap<>();
    private final Map<String, WebhookSubscriptionRecord> delivered = new HashMap<>();

    private boolean running;

    public SubscriptionDeliveries(SubscriptionDirectory directory, WebhookSettings settings,
                                  ConsumerSettings consumerSettings, MeterRegistry meters,
                                  @Value("${ledgerline.webhooks.subscriptions.enabled:true}") boolean enabled) {
        this.directory = directory;
        this.settings = settings;
        this.meters = meters;
        this.bootstrapServers = consumerSettings.bootstrapServers();
        this.enabled = enabled;
        directory.listen(this::changed);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        log.info("webhook subscriptions: {}", enabled ? "delivered by this instance"
                : "not delivered by this instance (ledgerline.webhooks.subscriptions.enabled=false)");
        running = true;
        if (enabled && directory.loaded()) {
            directory.all().forEach(subscription -> changed(subscription.getSubscriptionId(), subscription));
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        lanes.values().forEach(WebhookLane::stop);
        lanes.clear();
        delivered.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** How many subscriptions this instance is delivering (for tests). */
    public synchronized int activeLanes() {
        return lanes.size();
    }

    /** The lanes this instance runs, oldest subscription first. */
    public synchronized List<DeliveryLane> lanes() {
        List<DeliveryLane> all = new ArrayList<>();
        lanes.forEach((id, lane) -> all.add(new DeliveryLane(DeliveryLane.Kind.SUBSCRIPTION, id,
                lane.target().groupId(), lane.target().topics(), lane.health())));
        all.sort(java.util.Comparator.comparing((DeliveryLane lane) -> delivered.get(lane.id()).getCreatedAtMs())
                .thenComparing(DeliveryLane::id));
        return all;
    }

    private synchronized void changed(String id, WebhookSubscriptionRecord subscription) {
        if (!running || !enabled) {
            return;
        }
        if (subscription != null && Objects.equals(delivered.get(id), subscription)) {
            return; // the same definition (the initial load repeats what start() began)
        }
        WebhookLane current = lanes.remove(id);
        delivered.remove(id);
        if (current != null) {
            current.stop();
            if (subscription == null) {
                current.target().metrics().remove();
            }
        }
        if (subscription != null) {
            WebhookLane lane = new WebhookLane(target(subscription), bootstrapServers, clock);
            lanes.put(id, lane);
            delivered.put(id, subscription);
            lane.start();
        }
    }

    private WebhookLane.Target target(WebhookSubscriptionRecord subscription) {
        String id = subscription.getSubscriptionId();
        Map<String, String> headers = new LinkedHashMap<>();
        subscription.getHeaders().forEach((name, value) -> {
            headers.put(name.toString(), value.toString());
            Redactor.registerSecret(value.toString());
        });
        List<String> events = subscription.getEvents().stream().map(CharSequence::toString).toList();
        return new WebhookLane.Target("webhook-subscription-" + id, URI.create(subscription.getUrl()), headers,
                settings.signature(), settings.timeout(), settings.retryPolicy(), settings.concurrency(),
                GROUP_PREFIX + id, "latest", subscription.getCreatedAtMs(), TOPICS,
                event -> SubscriptionDefinition.wants(events, event),
                Map.of(WebhookDeadLetters.SUBSCRIPTION_ID, id), WebhookMetrics.forSubscription(meters, id));
    }
}
