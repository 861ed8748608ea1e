package dev.ledgerline.projection.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.ledgerline.observability.health.DeadLetterHealth;
import dev.ledgerline.observability.tracing.KafkaTracing;
import dev.ledgerline.schemas.DeadLetterReason;
import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.projection.store.ProjectionBatch;
import dev.ledgerline.projection.store.ProjectionWriter;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One plain {@link KafkaConsumer} on a dedicated thread: poll, write the whole poll in one database
 * transaction, then commit the offsets. Offsets therefore never run ahead of the database; the reverse
 * (database ahead of offsets after a crash) is harmless because every write is idempotent.
 *
 * <p>Batches are written one after another, in poll order, but the loop does not sit idle while one is written: it
 * takes and decodes the next poll meanwhile, and commits offsets without waiting for the broker's answer. Under
 * load the database transaction is then the only thing in the loop that waits.
 *
 * <p>When a batch fails, its records are applied one at a time to find the cause. A record whose own content
 * is refused ({@link PoisonRecords}: undecodable, or data PostgreSQL will not store) is copied to
 * {@link Topics#DEAD_LETTERS} with the reason, acknowledged by the broker, and only then skipped, so nothing
 * after it is held up and nothing is lost. Any other failure (database down, timeout) rewinds to the failing
 * record and retries with backoff, never skipping: a gap in a ledger's read model would be worse than a
 * stalled one.
 */
@Component
public class ProjectionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final List<String> TOPICS = Topics.PROJECTION_INPUTS;

    private final ConsumerSettings settings;
    private final ProjectionWriter writer;
    private final EventDecoder decoder = new EventDecoder();
    private final AtomicLong appliedRecords = new AtomicLong();
    private final KafkaTracing tracing;
    private final BatchMeters batchMeters;

    /** Consumer thread only: how long it waits before retrying a record that failed for a reason other than itself. */
    private long backoffMs;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String lastFailure;
    private final DeadLetterHealth deadLetters;
    private volatile KafkaProducer<String, byte[]> deadLetterProducer;

    public ProjectionConsumer(ConsumerSettings settings, ProjectionWriter writer, MeterRegistry meters) {
        this(settings, writer, meters, KafkaTracing.NOOP);
    }

    @Autowired
    public ProjectionConsumer(ConsumerSettings settings, ProjectionWriter writer, MeterRegistry meters,
            KafkaTracing tracing) {
        this.settings = settings;
        this.tracing = tracing;
        this.writer = writer;
        this.deadLetters = new DeadLetterHealth(meters, "projection-service", DeadLetterHealth.DEFAULT_DEGRADED_FOR);
        this.batchMeters = new BatchMeters(meters);
        FunctionCounter.builder("ledgerline.projection.records.applied", appliedRecords, AtomicLong::get)
                .description("event records written to PostgreSQL and committed")
                .register(meters);
    }

    /** Records written to PostgreSQL whose offsets were then committed (redeliveries count again). */
    public long appliedRecords() {
        return appliedRecords.get();
    }

    /** True while the consumer thread runs (it only ends on shutdown). */
    public boolean isAlive() {
        Thread current = thread;
        return current != null && current.isAlive();
    }

    /** Records set aside into the dead-letter topic since start, and whether that degrades {@code /health}. */
    public DeadLetterHealth deadLetters() {
        return deadLetters;
    }

    /** The last batch failure, or {@code null} once a batch has succeeded since. */
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "projection-consumer");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread worker = thread;
        if (worker == null) {
            return;
        }
        try {
            worker.join(5_000);
            if (worker.isAlive()) {
                // still inside topic creation or a backoff sleep: interrupt to end it
                worker.interrupt();
                worker.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        if (!awaitTopics()) {
            return;
        }
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties());
             KafkaProducer<String, byte[]> setAside = new KafkaProducer<>(deadLetterProducerProperties())) {
            consumer = kafka;
            deadLetterProducer = setAside;
            if (!running) {
                return; // stop() ran before the consumer was published, so nobody will wake it
            }
            kafka.subscribe(TOPICS);
            WriteInFlight inFlight = null;
            try {
                while (running) {
                    // While a write is under way, only take what the consumer already holds: the loop then waits
                    // for the write, not for new records.
                    long pollStartNs = System.nanoTime();
                    ConsumerRecords<String, byte[]> records = kafka.poll(inFlight == null ? POLL_TIMEOUT : Duration.ZERO);
                    if (inFlight == null) {
                        batchMeters.idlePoll(System.nanoTime() - pollStartNs);
                    }
                    // Decoding the next batch overlaps the database work of the one before it.
                    Decoded next = records.isEmpty() ? null : decode(records);
                    if (inFlight != null) {
                        boolean written = finish(kafka, inFlight, records);
                        inFlight = null;
                        if (!written) {
                            continue; // the records just polled were given back and come again
                        }
                    }
                    if (next != null) {
                        inFlight = startWrite(records, next);
                    }
                }
            } finally {
                if (inFlight != null) {
                    finishOnStop(kafka, inFlight);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("projection consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            lastFailure = PoisonRecords.describe(e);
            log.error("projection consumer stopped", e);
        } finally {
            consumer = null;
            deadLetterProducer = null;
        }
    }

    /**
     * Applies each record on its own, committing past it. A record refused for its content is set aside; at the
     * first record that fails for any other reason, rewinds to it and answers false (retry later).
     */
    private boolean applyOneByOne(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                try {
                    apply(kafka, List.of(record), Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException failure) {
                    Optional<DeadLetterReason> reason = PoisonRecords.reasonToSetAside(failure);
                    if (reason.isPresent()) {
                        setAside(kafka, record, reason.get(), failure);
                        continue;
                    }
                    lastFailure = PoisonRecords.describe(failure);
                    log.warn("record {}-{}@{} failed and will be retried", record.topic(), record.partition(),
                            record.offset(), failure);
                    rewindFrom(kafka, records, record);
                    return false;
                }
            }
        }
        return true;
    }

    /** Copies the record to the dead-letter topic (acknowledged by the broker), then commits past it. */
    private void setAside(KafkaConsumer<String, byte[]> kafka, ConsumerRecord<String, byte[]> record,
                          DeadLetterReason reason, Throwable failure) {
        DeadLetters.Source source = new DeadLetters.Source(record.topic(), record.partition(), record.offset());
        long now = System.currentTimeMillis();
        try {
            deadLetterProducer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value(),
                    DeadLetters.headers(record.headers(), source, reason,
                            PoisonRecords.describe(failure) + ": " + DeadLetters.detail(failure), "projection-service", now)))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting " + source + " aside", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not set " + source + " aside into " + Topics.DEAD_LETTERS, e);
        }
        kafka.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)));
        deadLetters.recorded(record.topic(), source.toString(), reason.name(), now);
        // the failure's message may quote record content: the log names the record and the failure's type only
        log.error("projection set aside {} into {}: {} ({})", source, Topics.DEAD_LETTERS, reason,
                failure.getClass().getName());
    }

    /** A polled batch decoded for the writer, or the failure that decoding it met (handled when it is finished). */
    private record Decoded(ProjectionBatch batch, RuntimeException failure) {
    }

    /** A batch whose database transaction is under way; its offsets are committed once it has committed. */
    private record WriteInFlight(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> next,
                                 KafkaTracing.RecordSpans spans, CompletableFuture<Void> done) {
    }

    private Decoded decode(ConsumerRecords<String, byte[]> records) {
        try {
            return new Decoded(decoder.decode(records), null);
        } catch (RuntimeException e) {
            return new Decoded(null, e);
        }
    }

    /** Starts the database transaction of one batch (or records why it could not start) and returns at once. */
    private WriteInFlight startWrite(ConsumerRecords<String, byte[]> records, Decoded decoded) {
        // one span per producing stage span in the poll, children of the processor's spans
        KafkaTracing.RecordSpans spans = tracing.startWrites("projection write", records);
        long startedNs = System.nanoTime();
        CompletableFuture<Void> done = decoded.failure() != null
                ? CompletableFuture.failedFuture(decoded.failure())
                : writer.write(decoded.batch()).toFuture();
        // a side branch: `done` itself stays the write's own future, so that a timeout's cancel reaches the write
        done.whenComplete((ok, failure) -> {
            if (failure == null) {
                batchMeters.writeTook(System.nanoTime() - startedNs);
            }
        });
        return new WriteInFlight(records, nextOffsets(records), spans, done);
    }

    /**
     * Waits for the batch's database transaction, then commits its offsets without waiting for the broker (a commit
     * that fails only means these records are written again after a restart, which changes nothing). When the batch
     * failed, the records polled meanwhile ({@code polledSince}) are given back first, so the consumer stands where
     * it stood after polling the failed batch, and the failure is handled as it always was. True when it was written.
     */
    private boolean finish(KafkaConsumer<String, byte[]> kafka, WriteInFlight inFlight,
                           ConsumerRecords<String, byte[]> polledSince) {
        long waitStartNs = System.nanoTime();
        try {
            awaitWrite(inFlight);
        } catch (RuntimeException failure) {
            inFlight.spans().error(failure);
            inFlight.spans().close();
            giveBack(kafka, polledSince);
            recoverFrom(kafka, inFlight.records(), failure);
            return false;
        }
        batchMeters.written(inFlight.records().count(), System.nanoTime() - waitStartNs);
        inFlight.spans().close();
        // only now, with the rows durable, may the group move past these records
        kafka.commitAsync(inFlight.next(), (offsets, error) -> {
            if (error != null) {
                // the next batch's commit covers these offsets too; only a run of failures leaves the group behind
                // (and the gateway's projection-lag limit would then see a lag the rows do not have)
                log.warn("projection offset commit failed; the records are written again after a restart ({})",
                        error.getClass().getName());
            }
        });
        appliedRecords.addAndGet(inFlight.records().count());
        lastFailure = null;
        backoffMs = 0;
        return true;
    }

    /** On shutdown: lets the last write end (the pool is about to close) and commits its offsets if it committed. */
    private void finishOnStop(KafkaConsumer<String, byte[]> kafka, WriteInFlight inFlight) {
        try {
            awaitWrite(inFlight);
            kafka.commitSync(inFlight.next());
        } catch (RuntimeException e) {
            log.info("projection stopped with its last batch unconfirmed; it is written again at start ({})",
                    e.getClass().getName());
        } finally {
            inFlight.spans().close();
        }
    }

    private static void awaitWrite(WriteInFlight inFlight) {
        try {
            inFlight.done().get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a projection batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            inFlight.done().cancel(true);
            throw new IllegalStateException("projection batch not written within " + WRITE_TIMEOUT, e);
        }
    }

    /** Moves every partition in {@code records} back to its first record there, so the next poll returns them again. */
    private static void giveBack(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Set<TopicPartition> assigned = kafka.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (assigned.contains(partition)) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /** A failed batch: its records one at a time (setting aside the ones that can never apply), else a backoff. */
    private void recoverFrom(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
                             RuntimeException failure) {
        log.warn("projection batch of {} records failed ({}); applying them one at a time",
                records.count(), failure.getClass().getName());
        if (applyOneByOne(kafka, records)) {
            backoffMs = 0;
            return;
        }
        backoffMs = backoffMs == 0 ? 200 : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        log.error("projection could not apply a record; retrying in {} ms: {}", backoffMs, lastFailure);
        sleep(backoffMs);
    }

    private void apply(KafkaConsumer<String, byte[]> kafka, Iterable<ConsumerRecord<String, byte[]>> records,
                       Map<TopicPartition, OffsetAndMetadata> next) {
        int count = 0;
        for (ConsumerRecord<String, byte[]> ignored : records) {
            count++;
        }
        // one span per producing stage span in the poll, children of the processor's spans
        try (KafkaTracing.RecordSpans spans = tracing.startWrites("projection write", records)) {
            try {
                ProjectionBatch batch = decoder.decode(records);
                writer.write(batch).block(WRITE_TIMEOUT);
                // only now, with the rows durable, may the group move past these records
                kafka.commitSync(next);
            } catch (RuntimeException e) {
                spans.error(e);
                throw e;
            }
        }
        appliedRecords.addAndGet(count);
        lastFailure = null;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            long last = inPartition.get(inPartition.size() - 1).offset();
            offsets.put(partition, new OffsetAndMetadata(last + 1));
        }
        return offsets;
    }

    /**
     * Moves the failing record's partition back to it, and every partition not reached yet back to its first
     * record in the batch, so the next poll retries from there (partitions already applied stay where they
     * are). A partition lost in a rebalance meanwhile is skipped: its new owner resumes from the last
     * committed offset anyway.
     */
    private static void rewindFrom(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
                                   ConsumerRecord<String, byte[]> failing) {
        Set<TopicPartition> assigned = kafka.assignment();
        boolean reached = false;
        for (TopicPartition partition : records.partitions()) {
            boolean failingHere = partition.topic().equals(failing.topic()) && partition.partition() == failing.partition();
            if (failingHere) {
                reached = true;
                if (assigned.contains(partition)) {
                    kafka.seek(partition, failing.offset());
                }
            } else if (reached && assigned.contains(partition)) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /**
     * Waits until ledger-processor (the one owner of topic creation) has created every topic, retrying while the
     * broker is unreachable; false when stopped meanwhile.
     */
    private boolean awaitTopics() {
        long backoffMs = 500;
        while (running) {
            try {
                List<String> missing = TopicSetup.missingTopics(settings.bootstrapServers());
                if (missing.isEmpty()) {
                    lastFailure = null;
                    return true;
                }
                log.info("waiting for ledger-processor to create the topics {} on {}", missing, settings.bootstrapServers());
            } catch (RuntimeException e) {
                lastFailure = PoisonRecords.describe(e);
                log.warn("could not list topics on {}; retrying in {} ms", settings.bootstrapServers(), backoffMs, e);
            }
            sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        return false;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // unique per instance: several projections may share a JVM (integration tests) and their MBeans
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-projection-" + UUID.randomUUID());
        // aborted processor transactions must never reach the read model
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, settings.fetchMaxWaitMs());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties deadLetterProducerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-projection-dead-letters-" + UUID.randomUUID());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a dead letter copies an event record; leave room for the largest the topics accept
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSetup.MAX_DEAD_LETTER_BYTES);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private void sleep(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (running && System.currentTimeMillis() < deadline) {
                Thread.sleep(Math.min(100, millis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
