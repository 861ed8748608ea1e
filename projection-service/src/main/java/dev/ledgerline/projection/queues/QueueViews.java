package dev.ledgerline.projection.queues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
import dev.ledgerline.projection.webhooks.DeliveryLane;
import dev.ledgerline.projection.webhooks.DeliveryLanes;
import dev.ledgerline.projection.webhooks.WebhookRecords;
import dev.ledgerline.projection.webhooks.WebhookSettings;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

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
 *       ({@code ledgerline_webhook_oldest_undelivered_age_seconds});</li>
 *   <li>each webhook subscription's and each active hook's backlog (its lane's consumer group), in total and the
 *       age of its oldest undelivered record, tagged with the subscription or hook id
 *       ({@code ledgerline_webhook_subscription_backlog_records}, {@code …_oldest_undelivered_age_seconds},
 *       {@code ledgerline_hook_backlog_records}, {@code ledgerline_hook_oldest_undelivered_age_seconds}). The ids
 *       are admin-created, so the label set is bounded; a deleted subscription's or hook's rows are removed. The
 *       lanes are looked up after every refresh, so a new one shows from the next refresh on.</li>
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
    private final DeliveryLanes lanes;
    private final MultiGauge subscriptionRecords;
    private final MultiGauge subscriptionAges;
    private final MultiGauge hookRecords;
    private final MultiGauge hookAges;
    private volatile QueuedTransactions.Snapshot queuedSnapshot = QueuedTransactions.Snapshot.NONE;
    private volatile boolean running;

    public QueueViews(ConsumerSettings settings, QueuedTransactions queued, MeterRegistry registry,
                      WebhookSettings webhooks, DeliveryLanes lanes,
                      @Value("${ledgerline.processor.application-id:ledgerline-processor}") String processorGroupId,
                      @Value("${ledgerline.queues.refresh-interval-ms:5000}") long refreshIntervalMs) {
        this.queued = queued;
        this.lanes = lanes;
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

        subscriptionRecords = MultiGauge.builder("ledgerline.webhook.subscription.backlog.records")
                .description("Records a webhook subscription's lane has not yet delivered or dead-lettered")
                .register(registry);
        subscriptionAges = MultiGauge.builder("ledgerline.webhook.subscription.oldest.undelivered.age.seconds")
                .description("Age of the oldest record a webhook subscription's lane has not yet delivered")
                .register(registry);
        hookRecords = MultiGauge.builder("ledgerline.hook.backlog.records")
                .description("Records a transaction hook's lane has not yet called or dead-lettered")
                .register(registry);
        hookAges = MultiGauge.builder("ledgerline.hook.oldest.undelivered.age.seconds")
                .description("Age of the oldest record a transaction hook's lane has not yet called")
                .register(registry);

        monitor.onRefresh(m -> {
            followLanes();
            processorGauges.update();
            projectionGauges.update();
            if (webhookGauges != null) {
                webhookGauges.update();
            }
            refreshQueued();
        });
    }

    /**
     * Watches the consumer group of every subscription's and hook's lane that runs now, forgets those that stopped,
     * and exports one gauge row per lane (rows of lanes that are gone are removed by the registration).
     */
    private void followLanes() {
        List<DeliveryLane> endpoints = lanes.all().stream()
                .filter(lane -> lane.kind() != DeliveryLane.Kind.WEBHOOK).toList();
        Set<String> names = endpoints.stream().map(DeliveryLane::name).collect(Collectors.toSet());
        for (BacklogMonitor.Watch watch : monitor.watches()) {
            if (isLaneWatch(watch.name()) && !names.contains(watch.name())) {
                monitor.unwatch(watch.name());
            }
        }
        endpoints.forEach(lane -> monitor.watch(new BacklogMonitor.Watch(lane.name(), lane.groupId(), lane.topics())));
        register(endpoints, DeliveryLane.Kind.SUBSCRIPTION, "subscription", subscriptionRecords, subscriptionAges);
        register(endpoints, DeliveryLane.Kind.HOOK, "hook", hookRecords, hookAges);
    }

    private static boolean isLaneWatch(String name) {
        return name.startsWith(DeliveryLane.Kind.SUBSCRIPTION.word() + ":")
                || name.startsWith(DeliveryLane.Kind.HOOK.word() + ":");
    }

    private void register(List<DeliveryLane> endpoints, DeliveryLane.Kind kind, String tag, MultiGauge records,
                          MultiGauge ages) {
        List<MultiGauge.Row<?>> recordRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        for (DeliveryLane lane : endpoints) {
            if (lane.kind() != kind) {
                continue;
            }
            Tags tags = Tags.of(tag, lane.id());
            String name = lane.name();
            recordRows.add(MultiGauge.Row.of(tags, monitor, m -> backlogOf(name).totalBacklog()));
            ageRows.add(MultiGauge.Row.of(tags, monitor,
                    m -> backlogOf(name).oldestAgeSeconds(System.currentTimeMillis())));
        }
        // kept rows stay registered (no duplicate during a scrape); rows of lanes that are gone are removed
        records.register(recordRows, false);
        ages.register(ageRows, false);
    }

    private GroupBacklog backlogOf(String name) {
        return monitor.find(name).orElse(GroupBacklog.empty(name));
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

    /** A delivery lane and its backlog (empty until its group was first read). */
    public record LaneBacklog(DeliveryLane lane, GroupBacklog backlog) {
    }

    /** Every delivery lane this instance runs, with its backlog: the global URL's, the subscriptions', the hooks'. */
    public List<LaneBacklog> laneBacklogs() {
        List<LaneBacklog> all = new ArrayList<>();
        for (DeliveryLane lane : lanes.all()) {
            GroupBacklog backlog = lane.kind() == DeliveryLane.Kind.WEBHOOK
                    ? webhookBacklog().orElse(GroupBacklog.empty(lane.groupId()))
                    : monitor.find(lane.name()).orElse(GroupBacklog.empty(lane.groupId()));
            all.add(new LaneBacklog(lane, backlog));
        }
        return all;
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
