package dev.ledgerline.processor;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

import dev.ledgerline.observability.health.DeadLetterHealth;
import dev.ledgerline.observability.tracing.KafkaTracing;
import dev.ledgerline.schemas.TopicSetup;

/** Owns the KafkaStreams instance: creates topics, starts it with the application, closes it on shutdown. */
@Component
public class LedgerStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LedgerStreams.class);
    static final long STATE_STORE_CACHE_BYTES = 16L * 1024 * 1024;
    /** Fetched records Kafka Streams buffers per input partition before pausing it (Kafka's default: 1,000). */
    static final int BUFFERED_RECORDS_PER_PARTITION = 100;
    /** Kafka's default {@code transaction.max.timeout.ms}: the longest transaction timeout a broker accepts. */
    static final long BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT_MS = 900_000;

    private final ProcessorProperties properties;
    private final MeterRegistry registry;
    private final KafkaTracing tracing;
    private final WorkerRetryMetrics retries;
    private final DeadLetterHealth deadLetters;
    private volatile KafkaStreams streams;
    private volatile Throwable fatalError;
    /** Set once the client first reached RUNNING: before that, "rebalancing" means "not processing yet". */
    private volatile boolean reachedRunning;

    public LedgerStreams(ProcessorProperties properties, MeterRegistry registry, ObjectProvider<KafkaTracing> tracing) {
        this.properties = properties;
        this.registry = registry;
        this.tracing = tracing.getIfAvailable(() -> KafkaTracing.NOOP);
        this.retries = new WorkerRetryMetrics(registry);
        this.deadLetters = new DeadLetterHealth(registry, "ledger-processor", DeadLetterHealth.DEFAULT_DEGRADED_FOR);
    }

    @Override
    public void start() {
        reachedRunning = false;
        fatalError = null;
        TopicSetup.ensureTopics(properties.bootstrapServers(), properties.partitions(),
                properties.replicationFactorOrDefault(), properties.minInsyncReplicasOrDefault());
        int partitions = TopicSetup.processorPartitions(properties.bootstrapServers());
        streams = new KafkaStreams(LedgerTopology.build(new ProcessorMetrics(registry),
                Duration.ofMillis(properties.sealIntervalOrDefault()), tracing,
                (topic, source, reason, atMs) -> deadLetters.recorded(topic, source.toString(), reason.name(), atMs),
                partitions, properties.localHandOffOrDefault()), streamsConfig());
        StreamThreadFailures failures = new StreamThreadFailures();
        streams.setUncaughtExceptionHandler(exception -> {
            StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response =
                    failures.decide(exception, System.nanoTime());
            if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
                log.warn("stream thread failed because Kafka fenced it or stayed out of reach; a new thread takes over "
                        + "from the last commit (nothing uncommitted is kept)", exception);
                return response;
            }
            // An invariant violation or a corrupt internal record (or fencing again and again): stop rather than
            // write wrong money.
            fatalError = exception;
            log.error("stream thread failed; shutting the processor's streams client down", exception);
            return response;
        });
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                reachedRunning = true;
            }
        });
        new KafkaStreamsMetrics(streams).bindTo(registry);
        retries.watch(streams);
        streams.start();
        log.info("ledger processor started: application.id={} bootstrap={} commit.interval.ms={} threads={} "
                + "local.hand.off={}", properties.applicationId(), properties.bootstrapServers(),
                properties.commitIntervalMs(), properties.streamThreads(), properties.localHandOffOrDefault());
    }

    Properties streamsConfig() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitIntervalMs());
        // Kafka Streams refuses to start with a transaction timeout below the commit interval; Kafka's default is 10 s.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Math.max(10_000, 2 * checkedCommitInterval(properties.commitIntervalMs())));
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        config.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.replicationFactorOrDefault());
        config.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), properties.minInsyncReplicasOrDefault());
        // The cache only has to fold a hot key's writes within one commit interval. At 64 MB its entries (with their
        // record contexts, ~2.5x the bytes it counts) held 80 % of a 384 MB heap live and G1 marked without pause.
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STATE_STORE_CACHE_BYTES);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        // Kafka Streams holds up to this many fetched records per input partition before it pauses the partition, and
        // a record is a whole bulk batch: at Kafka's default of 1,000, a backlog of bulk requests of 1,000 transfers
        // (hundreds of kB each) filled the 384 MB heap, the processor spent its time in full GCs and then died of
        // OutOfMemoryError. 100 bounds that to tens of MB per partition and still leaves a poll of small records
        // plenty to work on.
        config.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, BUFFERED_RECORDS_PER_PARTITION);
        // A parked fetch is answered when a commit makes the previous hop's records readable, not when the wait ends.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), (int) properties.fetchMaxWaitMs());
        config.put(StreamsConfig.POLL_MS_CONFIG, properties.pollMs());
        config.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        if (properties.instanceId() != null && !properties.instanceId().isBlank()) {
            config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), properties.instanceId());
        }
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), properties.compressionTypeOrDefault());
        // A dead letter copies its input record, which may be a command of up to TopicSetup.MAX_COMMAND_BYTES.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), TopicSetup.MAX_DEAD_LETTER_BYTES);
        return config;
    }

    /**
     * The commit interval, if a broker with its default {@code transaction.max.timeout.ms} (15 min) accepts the
     * transaction timeout of twice the interval; otherwise start-up stops here with the setting's name instead of a
     * broker error at the first transaction (every hop waits up to one interval, so such intervals are mistakes anyway).
     */
    static long checkedCommitInterval(long commitIntervalMs) {
        if (commitIntervalMs < 0 || 2 * commitIntervalMs > BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT_MS) {
            throw new IllegalArgumentException("LEDGERLINE_COMMIT_INTERVAL_MS must be between 0 and "
                    + BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT_MS / 2 + " ms (the transaction timeout is twice the interval"
                    + " and a broker accepts at most transaction.max.timeout.ms, 15 min by default); got "
                    + commitIntervalMs);
        }
        return commitIntervalMs;
    }

    @Override
    public void stop() {
        KafkaStreams current = streams;
        if (current != null) {
            current.close(Duration.ofSeconds(30));
            log.info("ledger processor stopped");
        }
    }

    @Override
    public boolean isRunning() {
        KafkaStreams current = streams;
        return current != null && current.state().isRunningOrRebalancing();
    }

    /** The tasks (input partitions of the sub-topology) this instance runs now; 0 when not running. */
    public int activeTaskCount() {
        KafkaStreams current = streams;
        if (current == null || !current.state().isRunningOrRebalancing()) {
            return 0;
        }
        return current.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    /** Records the stages set aside since start, and whether that degrades {@code /health}. */
    DeadLetterHealth deadLetters() {
        return deadLetters;
    }

    /** Null when healthy, otherwise why not. */
    String unhealthyReason() {
        KafkaStreams current = streams;
        if (current == null) {
            return "streams not started";
        }
        if (fatalError != null) {
            return "stream thread failed: " + fatalError;
        }
        KafkaStreams.State state = current.state();
        if (!reachedRunning) {
            return "starting: streams state " + state;
        }
        return state.isRunningOrRebalancing() ? null : "streams state " + state;
    }
}
