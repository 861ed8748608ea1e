package dev.ledgerline.projection.webhooks;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.projection.consume.ConsumerSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Blnk's global webhooks ({@code BLNK_WEBHOOK_URL}): every event of the public event topics and the operator's
 * redeliveries, delivered by one {@link WebhookLane} of its own consumer group ({@link WebhookSettings#GROUP_ID}).
 *
 * <p>Guarantees and how they are kept (by the lane):
 * <ul>
 *   <li><b>At least once, progress in Kafka.</b> An offset is committed only past events that were delivered (2xx)
 *       or set aside into {@code ledger.webhook-dead-letters} (acknowledged by the broker), and past records that
 *       are not events. A crash re-sends what was not committed: duplicates are possible, losses are not.</li>
 *   <li><b>In order per partition</b> (so per balance, per transaction, per ledger). Partitions are delivered side
 *       by side ({@code concurrency} at a time), each one record after the other. When an event fails, its
 *       partition is rewound to it and paused until the next attempt is due; nothing after it in that partition is
 *       sent meanwhile, while other partitions go on.</li>
 *   <li><b>Retries</b> follow {@link RetryPolicy}: exponential backoff; a receiver that is unavailable is retried
 *       for the whole retry window, one that refuses an event for {@code max-attempts} attempts, then the event is
 *       dead-lettered and its partition moves on. {@code dev/webhook-dead-letters.sh redeliver} sends dead letters
 *       again through {@code ledger.webhook-redeliveries}, which this lane also reads (the requests that name
 *       neither a subscription nor a hook).</li>
 *   <li>{@code isolation.level=read_committed}: an aborted processor transaction is never announced.</li>
 * </ul>
 */
@Component
public class WebhookDelivery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private final WebhookSettings settings;
    private final String bootstrapServers;
    private final WebhookMetrics metrics;
    private WebhookLane lane;

    public WebhookDelivery(WebhookSettings settings, ConsumerSettings consumerSettings, MeterRegistry meters) {
        this.settings = settings;
        this.bootstrapServers = consumerSettings.bootstrapServers();
        this.metrics = new WebhookMetrics(meters);
    }

    @Override
    public synchronized void start() {
        if (lane != null) {
            return;
        }
        log.info(settings.describe());
        if (!settings.enabled()) {
            return;
        }
        lane = new WebhookLane(new WebhookLane.Target("webhook", settings.url(), settings.headers(),
                settings.signature(), settings.timeout(), settings.retryPolicy(), settings.concurrency(),
                settings.groupId(), settings.startFrom(), null, WebhookRecords.TOPICS, event -> true, Map.of(),
                metrics), bootstrapServers, Clock.systemUTC());
        lane.start();
    }

    @Override
    public synchronized void stop() {
        if (lane != null) {
            lane.stop();
            lane = null;
        }
    }

    /** The global URL's lane, when this instance delivers to one. */
    public synchronized List<DeliveryLane> lanes() {
        return lane == null ? List.of() : List.of(new DeliveryLane(DeliveryLane.Kind.WEBHOOK, null,
                lane.target().groupId(), lane.target().topics(), lane.health()));
    }

    @Override
    public synchronized boolean isRunning() {
        return lane != null && lane.isRunning();
    }
}
