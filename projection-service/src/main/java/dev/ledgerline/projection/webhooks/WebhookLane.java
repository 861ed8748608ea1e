package dev.ledgerline.projection.webhooks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook delivery lane: the events of the public event topics that its {@link Target} wants, delivered to its
 * URL by a consumer of its own group, independent of the projection's PostgreSQL writer and of every other lane: a
 * slow or dead receiver never delays the read model, the global URL ({@link WebhookDelivery}) or another webhook
 * subscription ({@code SubscriptionDeliveries}), and the read model's database never delays a webhook. Every lane
 * sends the same envelopes ({@link WebhookRecords}), signed the same way, with the same retries and dead letters.
 *
 * <p>Guarantees and how they are kept:
 * <ul>
 *   <li><b>At least once, progress in Kafka.</b> An offset is committed only past events that were delivered (2xx)
 *       or set aside into {@link Topics#WEBHOOK_DEAD_LETTERS} (acknowledged by the broker), and past records that
 *       are not events. A crash re-sends what was not committed: duplicates are possible, losses are not.</li>
 *   <li><b>In order per partition</b> (so per balance, per transaction, per ledger). Partitions are delivered side
 *       by side ({@code concurrency} at a time), each one record after the other. When an event fails, its
 *       partition is rewound to it and paused until the next attempt is due; nothing after it in that partition is
 *       sent meanwhile, while other partitions go on.</li>
 *   <li><b>Retries</b> follow {@link RetryPolicy}: exponential backoff; a receiver that is unavailable is retried
 *       for the whole retry window, one that refuses an event for {@code max-attempts} attempts, then the event is
 *       dead-lettered and its partition moves on. {@code dev/webhook-dead-letters.sh redeliver} sends dead letters
 *       again through {@link Topics#WEBHOOK_REDELIVERIES}, which every lane reads: each delivers only the requests
 *       addressed to its own endpoint ({@link WebhookDeadLetters#isFor}), whatever its event filter.</li>
 *   <li>{@code isolation.level=read_committed}: an aborted processor transaction is never announced.</li>
 * </ul>
 */
public final class WebhookLane {

    private static final Logger log = LoggerFactory.getLogger(WebhookLane.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(500);
    /**
     * A round of deliveries stops starting new attempts after this long, so the consumer polls (and stays in its
     * group) well within {@code max.poll.interval.ms} even when a receiver answers slowly.
     */
    private static final Duration ROUND_BUDGET = Duration.ofSeconds(60);
    private static final Duration DEAD_LETTER_WRITE_RETRY = Duration.ofSeconds(5);

    /**
     * Where and what a lane delivers.
     *
     * @param name              for thread names and log lines (never the URL)
     * @param signature         null to send unsigned
     * @param groupId           the lane's consumer group: its progress
     * @param startFrom         {@code earliest} or {@code latest}: where a partition without progress starts, unless
     * @param startAtMs         is set: then it starts at the first record written at or after this time
     * @param topics            the topics read ({@link WebhookRecords#TOPICS} or a part of them)
     * @param wants             which Blnk event names are delivered; the others are passed over
     * @param deadLetterHeaders the lane's endpoint headers ({@link WebhookDeadLetters#ENDPOINT_HEADERS}: e.g. the
     *                          subscription id; none for the global URL), added to each dead letter, and naming the
     *                          redelivery requests this lane delivers
     */
    public record Target(String name, URI url, Map<String, String> headers, WebhookSignature signature,
                         Duration timeout, RetryPolicy retryPolicy, int concurrency, String groupId, String startFrom,
                         Long startAtMs, List<String> topics, Predicate<String> wants,
                         Map<String, String> deadLetterHeaders, WebhookMetrics metrics) {
    }

    private final Target target;
    private final String bootstrapServers;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final WebhookRecords records = new WebhookRecords();
    private final Map<TopicPartition, PendingRetry> pending = new HashMap<>();
    private final LaneHealth health = new LaneHealth();

    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile ExecutorService workers;
    private volatile WebhookSender sender;
    private volatile KafkaProducer<String, byte[]> deadLetterProducer;

    public WebhookLane(Target target, String bootstrapServers, Clock clock) {
        this.target = target;
        this.bootstrapServers = bootstrapServers;
        this.metrics = target.metrics();
        this.clock = clock;
    }

    public Target target() {
        return target;
    }

    /** Whether an event waits for a retry, and when the lane last dead-lettered one. */
    public LaneHealth health() {
        return health;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicInteger workerNumber = new AtomicInteger();
        workers = Executors.newFixedThreadPool(target.concurrency(), runnable -> {
            Thread worker = new Thread(runnable, target.name() + "-delivery-" + workerNumber.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        sender = new WebhookSender(target.url(), target.headers(), target.signature(), target.timeout(), clock);
        thread = new Thread(this::run, target.name() + "-consumer");
        thread.start();
    }

    /** Stops the lane and waits for its threads; attempts in flight are not committed (sent again later). */
    public synchronized void stop() {
        running = false;
        ExecutorService pool = workers;
        if (pool != null) {
            pool.shutdownNow(); // interrupts attempts in flight; their events are not committed, so sent again later
        }
        Thread loop = thread;
        if (loop != null) {
            try {
                // the loop commits what the round finished and leaves within a poll (500 ms); wake it only if stuck
                loop.join(5_000);
                KafkaConsumer<String, byte[]> current = consumer;
                if (loop.isAlive() && current != null) {
                    current.wakeup();
                    loop.join(5_000);
                }
                if (loop.isAlive()) {
                    loop.interrupt();
                    loop.join(30_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sender != null) {
            sender.close();
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        // ledger-processor creates the topics (the webhook ones included); wait for it as long as it takes
        while (running) {
            try {
                TopicSetup.awaitTopics(bootstrapServers, Duration.ofMinutes(1));
                break;
            } catch (IllegalStateException e) {
                log.warn("{} waiting for its topics: {}", target.name(), e.getMessage());
            }
        }
        long backoffMs = 1_000;
        while (running) {
            try {
                consumeUntilStopped();
                return;
            } catch (WakeupException e) {
                if (!running) {
                    return;
                }
                log.error("{} consumer woken up unexpectedly; starting it again", target.name(), e);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // e.g. a commit refused after a rebalance: start over from the committed offsets (at least once)
                log.error("{} consumer failed ({}); starting it again in {} ms", target.name(), e.getClass().getName(),
                        backoffMs, e);
            }
            pending.clear();
            health.caughtUp();
            sleepWhileRunning(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 30_000);
        }
    }

    private void consumeUntilStopped() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties());
             KafkaProducer<String, byte[]> setAside = new KafkaProducer<>(producerProperties())) {
            consumer = kafka;
            deadLetterProducer = setAside;
            if (!running) {
                return; // stop() ran before the consumer was published, so nobody will wake it
            }
            kafka.subscribe(target.topics(), new ForgetRevoked(kafka));
            while (running) {
                resumeDue(kafka);
                ConsumerRecords<String, byte[]> polled = kafka.poll(pollWait());
                if (!polled.isEmpty() && running) {
                    deliverRound(kafka, polled);
                }
                publishRetrying();
            }
        } finally {
            consumer = null;
            deadLetterProducer = null;
        }
    }

    /** Tells {@link #health} since when the oldest event waiting for a retry has been failing (or that none waits). */
    private void publishRetrying() {
        long since = pending.values().stream().mapToLong(PendingRetry::firstFailedMs).min().orElse(-1);
        health.retryingSince(since);
    }

    private void sleepWhileRunning(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (running && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers one poll: each partition on a worker, in offset order; then commits, rewinds and pauses. */
    private void deliverRound(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> polled) {
        long roundEndsMs = clock.millis() + ROUND_BUDGET.toMillis();
        Map<TopicPartition, Future<PartitionProgress>> tasks = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = polled.records(partition);
            PendingRetry retry = pending.get(partition);
            tasks.put(partition, workers.submit(() -> deliverPartition(inPartition, retry, roundEndsMs)));
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (Map.Entry<TopicPartition, Future<PartitionProgress>> task : tasks.entrySet()) {
            TopicPartition partition = task.getKey();
            List<ConsumerRecord<String, byte[]>> inPartition = polled.records(partition);
            long first = inPartition.get(0).offset();
            long afterLast = inPartition.get(inPartition.size() - 1).offset() + 1;
            PartitionProgress progress = outcome(task.getValue(), first);
            if (!kafka.assignment().contains(partition)) {
                pending.remove(partition); // moved to another instance meanwhile: it resumes from the committed offset
                continue;
            }
            if (progress.next() > first) {
                commits.put(partition, new OffsetAndMetadata(progress.next()));
            }
            if (progress.next() < afterLast) {
                kafka.seek(partition, progress.next());
            }
            if (progress.retry() != null) {
                pending.put(partition, progress.retry());
                kafka.pause(List.of(partition));
            } else {
                pending.remove(partition);
            }
        }
        if (!commits.isEmpty()) {
            kafka.commitSync(commits);
        }
    }

    private PartitionProgress outcome(Future<PartitionProgress> task, long first) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PartitionProgress(first, null);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            if (running) {
                log.error("{}: delivery of a partition failed; it is read again", target.name(), e);
            }
            return new PartitionProgress(first, null);
        }
    }

    /**
     * Where a partition got to: {@code next} is the first offset not finished (delivered, dead-lettered or not an
     * event); {@code retry} is set when the record at {@code next} waits for another attempt.
     */
    private record PartitionProgress(long next, PendingRetry retry) {
    }

    private PartitionProgress deliverPartition(List<ConsumerRecord<String, byte[]>> inPartition, PendingRetry retry,
                                               long roundEndsMs) {
        long next = inPartition.get(0).offset();
        for (ConsumerRecord<String, byte[]> record : inPartition) {
            if (!running || Thread.currentThread().isInterrupted() || clock.millis() > roundEndsMs) {
                // out of time (or stopping): the rest is read again; a waiting retry keeps its count
                return new PartitionProgress(next, retry != null && retry.offset() == next ? retry : null);
            }
            Optional<WebhookEvent> event = eventOf(record).filter(e -> wanted(record, e));
            if (event.isEmpty()) {
                next = record.offset() + 1;
                continue;
            }
            PendingRetry before = retry != null && retry.offset() == record.offset() ? retry : null;
            PendingRetry after;
            try {
                after = attempt(event.get(), record.offset(), before);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return new PartitionProgress(next, null); // this event was not finished: it is sent again later
            }
            if (after != null) {
                return new PartitionProgress(record.offset(), after);
            }
            next = record.offset() + 1;
        }
        return new PartitionProgress(next, null);
    }

    /**
     * A redelivery request is for this lane when it names this lane's endpoint (whatever the event: the operator
     * asked for it); any other event when the lane's filter wants its name.
     */
    private boolean wanted(ConsumerRecord<String, byte[]> record, WebhookEvent event) {
        if (record.topic().equals(Topics.WEBHOOK_REDELIVERIES)) {
            return WebhookDeadLetters.isFor(record.headers(), target.deadLetterHeaders());
        }
        return target.wants().test(event.name());
    }

    /** One attempt at an event; null when it is finished (delivered or dead-lettered), else its next retry. */
    private PendingRetry attempt(WebhookEvent event, long offset, PendingRetry before) throws InterruptedException {
        int attempts = before == null ? 1 : before.attempts() + 1;
        if (attempts > 1) {
            metrics.retry(event.name());
        }
        long startedNs = System.nanoTime();
        AttemptResult result = sender.send(event, attempts);
        metrics.attempt(event.name(), result, Duration.ofNanos(System.nanoTime() - startedNs));
        if (result.kind() == AttemptResult.Kind.DELIVERED) {
            return null;
        }
        long now = clock.millis();
        long firstFailedMs = before == null ? now : before.firstFailedMs();
        RetryPolicy.Decision decision = target.retryPolicy().afterFailure(attempts, result, firstFailedMs, now);
        if (decision instanceof RetryPolicy.RetryAt retryAt) {
            if (attempts == 1 || attempts % 10 == 0) {
                log.warn("{}: {} ({}) not delivered, attempt {}: {}; retrying", target.name(), event.id(), event.name(),
                        attempts, result.detail());
            }
            return new PendingRetry(offset, attempts, firstFailedMs, retryAt.atMs());
        }
        String why = ((RetryPolicy.DeadLetter) decision).why();
        if (!setAside(event, why, attempts)) {
            return new PendingRetry(offset, attempts - 1, firstFailedMs, now + DEAD_LETTER_WRITE_RETRY.toMillis());
        }
        metrics.deadLettered(event.name(), result.kind());
        health.deadLettered(now);
        log.error("{}: {} ({}) set aside into {}: {}", target.name(), event.id(), event.name(),
                Topics.WEBHOOK_DEAD_LETTERS, why);
        return null;
    }

    /** Writes the dead letter and waits for the broker's acknowledgement; false when it could not. */
    private boolean setAside(WebhookEvent event, String why, int attempts) throws InterruptedException {
        try {
            Headers headers = WebhookDeadLetters.deadLetter(event, why, attempts, clock.millis(),
                    target.deadLetterHeaders());
            deadLetterProducer.send(new ProducerRecord<>(Topics.WEBHOOK_DEAD_LETTERS, null, event.id(), event.body(),
                    headers)).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.error("{}: could not write {} to {}; will try again", target.name(), event.id(),
                    Topics.WEBHOOK_DEAD_LETTERS, e);
            return false;
        }
    }

    private Optional<WebhookEvent> eventOf(ConsumerRecord<String, byte[]> record) {
        try {
            return records.toEvent(record);
        } catch (RuntimeException undecodable) {
            // the projection sets the same record aside into ledger.dead-letters; nothing could be announced
            metrics.undecodable(record.topic());
            log.error("webhook delivery skipped undecodable record {}-{}@{} ({})", record.topic(), record.partition(),
                    record.offset(), undecodable.getClass().getName());
            return Optional.empty();
        }
    }

    /** Resumes every paused partition whose retry is due. */
    private void resumeDue(KafkaConsumer<String, byte[]> kafka) {
        long now = clock.millis();
        List<TopicPartition> due = new ArrayList<>();
        for (TopicPartition partition : kafka.paused()) {
            PendingRetry retry = pending.get(partition);
            if (retry == null || retry.nextAttemptMs() <= now) {
                due.add(partition);
            }
        }
        if (!due.isEmpty()) {
            kafka.resume(due);
        }
    }

    /** Until the next retry is due, at most {@link #MAX_POLL_WAIT}. */
    private Duration pollWait() {
        long now = clock.millis();
        long wait = MAX_POLL_WAIT.toMillis();
        for (PendingRetry retry : pending.values()) {
            wait = Math.min(wait, Math.max(0, retry.nextAttemptMs() - now));
        }
        return Duration.ofMillis(Math.max(wait, 1));
    }

    /**
     * A partition that moves to another instance starts over there from its committed offset; one the group has no
     * progress on starts at {@link Target#startAtMs} when it is set.
     */
    private final class ForgetRevoked implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafka;

        ForgetRevoked(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (target.startAtMs() != null) {
                startAtTime(partitions);
            }
        }

        /** Seeks the partitions without progress to the start time, and commits that as their progress. */
        private void startAtTime(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> fresh = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    fresh.put(partition, target.startAtMs());
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            // the end before the search: a record written after it is past the start time, so nothing falls between
            Map<TopicPartition, Long> end = kafka.endOffsets(fresh.keySet());
            Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(fresh);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition partition : fresh.keySet()) {
                OffsetAndTimestamp at = found.get(partition);
                long offset = at == null ? end.get(partition) : at.offset();
                kafka.seek(partition, offset);
                start.put(partition, new OffsetAndMetadata(offset));
            }
            kafka.commitSync(start); // a restart continues from here instead of searching by time again
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, target.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, target.groupId() + "-" + UUID.randomUUID());
        // an aborted processor transaction must never be announced
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only for a group without committed offsets: earliest announces the whole log, latest from now on
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, target.startFrom());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        // fetch.max.wait.ms stays at Kafka's 500 ms: the broker answers a parked fetch as soon as a commit makes records
        // readable, so a shorter wait adds only empty fetches (measured: docs/benchmarks.md, session 19).
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-webhook-dead-letters-" + UUID.randomUUID());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
