package dev.ledgerline.projection.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.HookRecord;

/**
 * Every hook, from the compacted {@code ledger.hooks} (the hooks' store; this is a view of it, rebuilt from the topic
 * at every start): read from the beginning without a consumer group, then followed. Listeners hear of each change
 * (the new state, or null for a deleted hook) once the topic as it was at start has been read, and then of every
 * hook at once, so a hook that was updated many times starts its delivery once, with its latest definition.
 */
@Component
public class HookDirectory implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HookDirectory.class);
    private static final AvroSerde<HookRecord> RECORDS = AvroSerde.of(HookRecord.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Map<String, HookRecord> byId = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, HookRecord>> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean running;
    private volatile boolean loaded;
    private volatile Thread follower;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public HookDirectory(ConsumerSettings settings) {
        this.bootstrapServers = settings.bootstrapServers();
    }

    /** {@code listener(hookId, hook or null)} on every change after the initial load (and once per hook at it). */
    public void listen(BiConsumer<String, HookRecord> listener) {
        listeners.add(listener);
    }

    public Optional<HookRecord> byId(String hookId) {
        return Optional.ofNullable(byId.get(hookId));
    }

    /** Every hook, oldest first (Blnk lists in no order). */
    public List<HookRecord> all() {
        List<HookRecord> hooks = new ArrayList<>(byId.values());
        hooks.sort(Comparator.comparingLong(HookRecord::getCreatedAtMs).thenComparing(HookRecord::getHookId));
        return hooks;
    }

    public boolean loaded() {
        return loaded;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-hook-directory");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        follower = new Thread(this::follow, "hook-directory");
        follower.setDaemon(true);
        follower.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread thread = follower;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the hook delivery, which listens to it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 10;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record.key(), record.value());
                }
                if (!loaded && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    loaded = true;
                    log.info("hooks loaded: {} hooks", byId.size());
                    byId.forEach(this::tell);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("hook directory stopped: hooks are not followed until restart", e);
        } finally {
            consumer.close();
        }
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.HOOKS, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            try {
                Thread.sleep(500); // ledger-processor creates the topic
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new WakeupException();
    }

    private void apply(String hookId, byte[] value) {
        if (hookId == null) {
            return;
        }
        HookRecord hook = null;
        if (value != null) {
            try {
                hook = RECORDS.decode(value);
            } catch (RuntimeException e) {
                log.warn("skipped an undecodable record of hook {} on {}: {}", hookId, Topics.HOOKS, e.toString());
                return;
            }
        }
        // listeners first: once a read shows a hook deleted or changed, its delivery has already stopped or changed
        if (loaded) {
            tell(hookId, hook);
        }
        if (hook == null) {
            byId.remove(hookId);
        } else {
            byId.put(hookId, hook);
        }
    }

    private void tell(String hookId, HookRecord hook) {
        for (BiConsumer<String, HookRecord> listener : listeners) {
            try {
                listener.accept(hookId, hook);
            } catch (RuntimeException e) {
                log.error("a listener failed on the change of hook {}", hookId, e);
            }
        }
    }
}
