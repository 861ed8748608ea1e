package dev.ledgerline.projection.hooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.webhooks.DeliveryLane;
import dev.ledgerline.wire.v1.HookRecord;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Blnk's pre- and post-transaction hooks, called from the public {@code ledger.transactions} by projection-service,
 * after the fact: the processor never waits for a hook, so a PRE_TRANSACTION hook cannot veto or delay a transaction
 * (Blnk's cannot either: it only enqueues the call). Each active hook has a {@link HookLane} of its own; this class
 * keeps one lane per active hook in step with {@link HookDirectory}: a new or activated hook gets a lane, an updated
 * one a lane with its new definition (the same consumer group, so it continues where it was), a deactivated or
 * deleted one loses its lane, and a deleted hook's runs are forgotten once its lane has stopped.
 */
@Component
public class HookDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HookDeliveries.class);

    private final HookDirectory directory;
    private final HookSettings settings;
    private final HookRuns runs;
    private final HookMetrics metrics;
    private final String bootstrapServers;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, HookLane> lanes = new HashMap<>();

    private boolean running;
    private KafkaProducer<String, byte[]> deadLetters;

    public HookDeliveries(HookDirectory directory, HookSettings settings, HookRuns runs,
                          ConsumerSettings consumerSettings, MeterRegistry meters) {
        this.directory = directory;
        this.settings = settings;
        this.runs = runs;
        this.metrics = new HookMetrics(meters);
        this.bootstrapServers = consumerSettings.bootstrapServers();
        directory.listen(this::changed);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        log.info("transaction hooks: {}", settings.enabled() ? "called from ledger.transactions"
                : "not called by this instance (ledgerline.hooks.enabled=false)");
        running = true;
        if (!settings.enabled()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "projection-hook-dead-letters");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        deadLetters = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        if (directory.loaded()) {
            directory.all().forEach(hook -> changed(hook.getHookId(), hook));
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        lanes.values().forEach(HookLane::stop);
        lanes.clear();
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** How many hooks this instance is calling (for tests and /queues). */
    public synchronized int activeLanes() {
        return lanes.size();
    }

    /** The lanes this instance runs (one per active hook), oldest hook first. */
    public synchronized List<DeliveryLane> lanes() {
        List<HookLane> active = new ArrayList<>(lanes.values());
        active.sort(Comparator.comparingLong((HookLane lane) -> lane.hook().getCreatedAtMs())
                .thenComparing(lane -> lane.hook().getHookId()));
        return active.stream().map(lane -> new DeliveryLane(DeliveryLane.Kind.HOOK, lane.hook().getHookId(),
                lane.groupId(), HookLane.topics(), lane.health())).toList();
    }

    private synchronized void changed(String hookId, HookRecord hook) {
        if (!running || !settings.enabled()) {
            return;
        }
        HookLane current = lanes.get(hookId);
        if (current != null && hook != null && Objects.equals(current.hook(), hook)) {
            return; // the same definition (the initial load repeats what start() began)
        }
        if (current != null) {
            current.stop();
            lanes.remove(hookId);
        }
        if (hook == null) {
            runs.forget(hookId); // after its lane stopped, so no later attempt writes a run back
            return;
        }
        if (hook.getActive() && hook.getActiveSinceMs() != null) {
            HookLane lane = new HookLane(hook, bootstrapServers, settings, metrics, runs, deadLetters, clock);
            lanes.put(hookId, lane);
            lane.start();
        }
    }
}
