package dev.ledgerline.projection.queues;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.observability.queues.BacklogGauges;
import dev.ledgerline.observability.queues.BacklogMonitor;
import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.replay.Replay;
import dev.ledgerline.projection.webhooks.WebhookRecords;
import dev.ledgerline.projection.webhooks.WebhookSettings;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The queue views Blnk lacks, computed here and refreshed on one background thread:
 * <ul>
 *   <li>the processor's queues: per partition of its input topics, records its consumer group (the Kafka
 *       Streams application id) has not committed yet, and the age of the oldest
 *       ({@code ledgerline_queue_depth}, {@code ledgerline_queue_oldest_age_seconds});</li>
 *   <li>transactions accepted but not decided yet, from PostgreSQL ({@code ledgerline_queued_transactions},
 *       {@code ledgerline_queued_oldest_age_seconds});</li>
 *   <li>this projection's own lag behind the public topics ({@code ledgerline_projection_lag_records},
 *       {@code ledgerline_projection_lag_seconds});</li>
 *   <li>with webhooks on, the webhook delivery's backlog: records of its topics its group has not committed, i.e.
 *       not yet delivered or dead-lettered ({@code ledgerline_webhook_backlog_records}), and the age of the oldest
 *       ({@code ledgerline_webhook_oldest_undelivered_age_seconds}).</li>
 * </ul>
 * Served as JSON by {@link QueuesController}.
 */
@Component
public class QueueViews implements SmartLifecycle {

    static final String PROCESSOR = "processor";
    static final String PROJECTION = "projection";
    static final String WEBHOOKS = "webhooks";

    private static final Logger log = LoggerFactory.getLogger(QueueViews.class);

    private final BacklogMonitor monitor;
    private final QueuedTransactions queued;
    private volatile QueuedTransactions.Snapshot queuedSnapshot = QueuedTransactions.Snapshot.NONE;
    private volatile boolean running;

    public QueueViews(ConsumerSettings settings, QueuedTransactions queued, MeterRegistry registry,
                      WebhookSettings webhooks,
                      @Value("${ledgerline.processor.application-id:ledgerline-processor}") String processorGroupId,
                      @Value("${ledgerline.queues.refresh-interval-ms:5000}") long refreshIntervalMs) {
        this.queued = queued;
        List<BacklogMonitor.Watch> watches = new java.util.ArrayList<>(List.of(
                new BacklogMonitor.Watch(PROCESSOR, processorGroupId, Topics.PROCESSOR_INPUTS),
                new BacklogMonitor.Watch(PROJECTION, settings.groupId(), Replay.TOPICS)));
        if (webhooks.enabled()) {
            watches.add(new BacklogMonitor.Watch(WEBHOOKS, webhooks.groupId(), WebhookRecords.TOPICS));
        }
        this.monitor = new BacklogMonitor(settings.bootstrapServers(), watches, Duration.ofMillis(refreshIntervalMs));

        BacklogGauges processorGauges = new BacklogGauges(registry, () -> monitor.latest(PROCESSOR),
                "ledgerline.queue.depth", "Records on the processor's input topics not yet processed (committed)",
                "ledgerline.queue.oldest.age.seconds", "Age of the oldest record waiting for the processor",
                null, null);
        BacklogGauges projectionGauges = new BacklogGauges(registry, () -> monitor.latest(PROJECTION),
                "ledgerline.projection.lag.records", "Records on the public topics not yet in PostgreSQL",
                null, null,
                "ledgerline.projection.lag.seconds", "Age of the oldest event not yet in PostgreSQL");
        Gauge.builder("ledgerline.queued.transactions", this, v -> v.queuedSnapshot.count())
                .description("QUEUED transactions without an outcome record yet").register(registry);
        Gauge.builder("ledgerline.queued.oldest.age.seconds", this,
                        v -> v.queuedSnapshot.oldestAgeSeconds(System.currentTimeMillis()))
                .description("Age of the oldest QUEUED transaction without an outcome record").register(registry);

        BacklogGauges webhookGauges = !webhooks.enabled() ? null : new BacklogGauges(registry,
                () -> monitor.latest(WEBHOOKS),
                "ledgerline.webhook.backlog.records", "Records of the webhook topics not yet delivered or dead-lettered",
                null, null,
                "ledgerline.webhook.oldest.undelivered.age.seconds", "Age of the oldest record not yet delivered");

        monitor.onRefresh(m -> {
            processorGauges.update();
            projectionGauges.update();
            if (webhookGauges != null) {
                webhookGauges.update();
            }
            refreshQueued();
        });
    }

    private void refreshQueued() {
        try {
            queuedSnapshot = queued.read();
        } catch (RuntimeException e) {
            log.warn("queue views: could not count queued transactions: {}", e.toString());
        }
    }

    public GroupBacklog processorQueues() {
        return monitor.latest(PROCESSOR);
    }

    public GroupBacklog projectionLag() {
        return monitor.latest(PROJECTION);
    }

    /** The webhook delivery's backlog (records not yet delivered or dead-lettered); empty when webhooks are off. */
    public java.util.Optional<GroupBacklog> webhookBacklog() {
        return monitor.watches().stream().anyMatch(w -> w.name().equals(WEBHOOKS))
                ? java.util.Optional.of(monitor.latest(WEBHOOKS)) : java.util.Optional.empty();
    }

    /** Runs {@code listener} on the refresh thread after every refresh. */
    public void onRefresh(Runnable listener) {
        monitor.onRefresh(m -> listener.run());
    }

    public QueuedTransactions.Snapshot queuedTransactions() {
        return queuedSnapshot;
    }

    public Duration refreshInterval() {
        return monitor.interval();
    }

    @Override
    public void start() {
        monitor.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        monitor.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
