package dev.ledgerline.projection.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.ledgerline.schemas.AvroSerde;

/**
 * Every entity of a compacted topic keyed by its id (the topic is their store; this is a view of it, rebuilt at every
 * start): read from the beginning without a consumer group, then followed. Listeners hear of each change (the new
 * state, or null for a deleted entity) once the topic as it was at start has been read, and then of every entity at
 * once, so one updated many times before starts its work once, with its latest state.
 *
 * @param <V> the topic's record type
 */
public abstract class CompactedTopicDirectory<V extends SpecificRecord> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicDirectory.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** The longest one metadata or offsets question to Kafka waits before it is asked again. */
    static final Duration ASK = Duration.ofSeconds(1);

    private final String bootstrapServers;
    private final String topic;
    private final AvroSerde<V> records;
    private final String name;
    private final Map<String, V> byId = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, V>> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean running;
    private volatile boolean loaded;
    private volatile Thread follower;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** @param name what the entities are, for the client id, the thread and log lines (e.g. {@code hook}) */
    protected CompactedTopicDirectory(ConsumerSettings settings, String topic, Class<V> type, String name) {
        this.bootstrapServers = settings.bootstrapServers();
        this.topic = topic;
        this.records = AvroSerde.of(type);
        this.name = name;
    }

    /** {@code listener(id, entity or null)} on every change after the initial load (and once per entity at it). */
    public void listen(BiConsumer<String, V> listener) {
        listeners.add(listener);
    }

    public Optional<V> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every entity, in no order. */
    protected List<V> values() {
        return new ArrayList<>(byId.values());
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
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-" + name + "-directory");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // fetch.max.wait.ms stays at Kafka's 500 ms: the broker answers a parked fetch as soon as a commit makes records
        // readable, so a shorter wait adds only empty fetches (measured: docs/benchmarks.md, session 19).
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        follower = new Thread(this::follow, name + "-directory");
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

    /** Before the deliveries, which listen to it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 10;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = untilAnswered(() -> consumer.endOffsets(partitions, ASK));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record.key(), record.value());
                }
                if (!loaded && untilAnswered(() -> caughtUp(startEnd))) {
                    loaded = true;
                    log.info("{}s loaded: {}", name, byId.size());
                    byId.forEach(this::tell);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{} directory stopped: {} is not followed until restart", name, topic, e);
        } finally {
            consumer.close();
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> startEnd) {
        return startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), ASK) >= e.getValue());
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = untilAnswered(() -> consumer.partitionsFor(topic, ASK));
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

    /**
     * Kafka's answer to {@code ask}, asked again for as long as the directory runs: a broker that is away for a while
     * (restarting, or not yet up when this service starts) must not end the directory, or hooks and webhook
     * subscriptions would stop until the service restarts. Each question waits {@link #ASK} at most, so {@link #stop}
     * is prompt even if a question is asked between its wake-up and the end of the loop.
     */
    private <T> T untilAnswered(Supplier<T> ask) {
        boolean toldAway = false;
        while (running) {
            try {
                T answer = ask.get();
                if (toldAway) {
                    log.info("{} directory: Kafka answers again about {}", name, topic);
                }
                return answer;
            } catch (TimeoutException away) {
                if (!toldAway) {
                    log.warn("{} directory: no answer from Kafka about {} yet ({}); asking again until it answers",
                            name, topic, away.getMessage());
                    toldAway = true;
                }
            }
        }
        throw new WakeupException();
    }

    private void apply(String id, byte[] value) {
        if (id == null) {
            return;
        }
        V entity = null;
        if (value != null) {
            try {
                entity = records.decode(value);
            } catch (RuntimeException e) {
                log.warn("skipped an undecodable record of {} {} on {}: {}", name, id, topic, e.toString());
                return;
            }
        }
        // listeners first: once a read shows it deleted or changed, its work has already stopped or changed
        if (loaded) {
            tell(id, entity);
        }
        if (entity == null) {
            byId.remove(id);
        } else {
            byId.put(id, entity);
        }
    }

    private void tell(String id, V entity) {
        for (BiConsumer<String, V> listener : listeners) {
            try {
                listener.accept(id, entity);
            } catch (RuntimeException e) {
                log.error("a listener failed on the change of {} {}", name, id, e);
            }
        }
    }
}
