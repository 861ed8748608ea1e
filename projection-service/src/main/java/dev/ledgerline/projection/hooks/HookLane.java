package dev.ledgerline.projection.hooks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledgerline.core.hooks.HookType;
import dev.ledgerline.projection.webhooks.LaneHealth;
import dev.ledgerline.projection.webhooks.RetryPolicy;
import dev.ledgerline.projection.webhooks.TraceParent;
import dev.ledgerline.projection.webhooks.WebhookDeadLetterTool;
import dev.ledgerline.projection.webhooks.WebhookDeadLetters;
import dev.ledgerline.projection.webhooks.WebhookEvent;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.HookRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * The delivery lane of one active hook: a thread and a Kafka consumer of its own, in a consumer group of its own
 * ({@link HookSettings#groupId}), reading {@code ledger.transactions} ({@code read_committed}) from the time the hook
 * became active. Each record the hook's type announces ({@link HookType#announces}) is called in, one after the
 * other per partition; a slow or dead endpoint holds only this lane: other hooks, webhooks, the read model and the
 * processor never wait for it.
 *
 * <p>A call is tried {@code 1 + retry_count} times with exponential backoff ({@link RetryPolicy#backoff}); then it is
 * set aside into {@code ledger.webhook-dead-letters} (headers as webhook dead letters, event
 * {@code hook.<type>}, plus {@value WebhookDeadLetters#HOOK_ID}) and the lane moves on. Offsets are committed only
 * past records that were delivered, dead-lettered or not announced: at least once, never lost while the hook exists.
 *
 * <p>The lane also reads {@code ledger.webhook-redeliveries} and calls again the dead-lettered calls an operator
 * asked to redeliver to this hook (those naming it in {@value WebhookDeadLetters#HOOK_ID}): the same body, event id
 * and trace context, signed afresh, with the hook's retries.
 */
final class HookLane implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HookLane.class);
    private static final AvroSerde<TransactionRecord> RECORDS = AvroSerde.of(TransactionRecord.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    private static final Duration DEAD_LETTER_WRITE_RETRY = Duration.ofSeconds(5);
    private static final List<String> TOPICS = List.of(Topics.TRANSACTIONS, Topics.WEBHOOK_REDELIVERIES);

    private final HookRecord hook;
    private final HookType type;
    private final String groupId;
    private final String bootstrapServers;
    private final HookSettings settings;
    private final HookMetrics metrics;
    private final HookRuns runs;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final Clock clock;
    private final RetryPolicy backoff;
    private final Map<String, String> endpoint;
    private final LaneHealth health = new LaneHealth();
    /** Records handled since the last commit; what a stop commits (never a call it interrupted). */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();
    /** While a record is being called: its position is already past it, so only {@link #done} may be committed. */
    private boolean inCall;

    private volatile boolean running = true;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

    HookLane(HookRecord hook, String bootstrapServers, HookSettings settings, HookMetrics metrics, HookRuns runs,
             KafkaProducer<String, byte[]> deadLetters, Clock clock) {
        this.hook = hook;
        this.type = HookType.parse(hook.getHookType()).orElseThrow(() ->
                new IllegalArgumentException("hook " + hook.getHookId() + " has an unknown type"));
        this.groupId = HookSettings.groupId(hook.getHookId(), hook.getActiveSinceMs());
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.metrics = metrics;
        this.runs = runs;
        this.deadLetters = deadLetters;
        this.clock = clock;
        // attempts = 1 + retry_count; an unavailable endpoint gets no longer than a refusing one (window zero)
        this.backoff = new RetryPolicy(hook.getRetryCount() + 1, settings.backoffInitial(), settings.backoffMax(),
                Duration.ZERO);
        this.endpoint = Map.of(WebhookDeadLetters.HOOK_ID, hook.getHookId());
    }

    HookRecord hook() {
        return hook;
    }

    String groupId() {
        return groupId;
    }

    static List<String> topics() {
        return TOPICS;
    }

    /** Whether a call waits for a retry, and when the lane last dead-lettered one. */
    LaneHealth health() {
        return health;
    }

    void start() {
        Thread lane = new Thread(this, "hook-" + hook.getHookId());
        lane.setDaemon(true);
        thread = lane;
        lane.start();
    }

    /** Stops the lane: an attempt in flight is interrupted and not committed (it is sent again by the next lane). */
    void stop() {
        running = false;
        Thread lane = thread;
        if (lane == null) {
            return;
        }
        lane.interrupt();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            lane.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs until stopped; a failure (the broker unreachable, a lost group membership) starts a new consumer. */
    @Override
    public void run() {
        URI url = URI.create(hook.getUrl());
        Duration timeout = Duration.ofSeconds(hook.getTimeoutSeconds());
        try (HookSender sender = new HookSender(url, timeout, settings.signature(), clock,
                "hook-http-" + hook.getHookId())) {
            while (running) {
                try {
                    consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                            new ByteArrayDeserializer());
                    consumer.subscribe(TOPICS, new StartAtActivation());
                    deliver(sender);
                } catch (WakeupException | InterruptException | InterruptedException e) {
                    return; // stopping
                } catch (RuntimeException e) {
                    log.warn("delivery of hook {} failed, starting again in {}: {}", hook.getHookId(),
                            DEAD_LETTER_WRITE_RETRY, e.toString());
                    closeConsumer();
                    Thread.sleep(DEAD_LETTER_WRITE_RETRY.toMillis());
                } finally {
                    closeConsumer();
                }
            }
        } catch (InterruptedException e) {
            // stopping while waiting to start again
        }
    }

    private void deliver(HookSender sender) throws InterruptedException {
        long lastCommit = clock.millis();
        while (running) {
            boolean announced = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (!running) {
                    return;
                }
                announced |= handle(sender, record);
                done.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            if (announced || clock.millis() - lastCommit >= COMMIT_EVERY.toMillis()) {
                commitPositions();
                lastCommit = clock.millis();
            }
        }
    }

    /**
     * Commits the consumer's positions: every record before them was returned by a poll and handled (one record per
     * poll, handled before the next), and they also step over the processor's transaction markers, so an idle lane
     * shows no lag. Only between records: a call interrupted by a stop is not committed ({@link #closeConsumer}).
     */
    private void commitPositions() {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        if (!positions.equals(lastCommitted)) {
            consumer.commitSync(positions);
            lastCommitted = positions;
        }
        done.clear();
    }

    /** Calls the hook for one record if its type announces it (or it is a redelivery for it); true when it did. */
    private boolean handle(HookSender sender, ConsumerRecord<String, byte[]> record) throws InterruptedException {
        if (record.value() == null) {
            return false;
        }
        if (record.topic().equals(Topics.WEBHOOK_REDELIVERIES)) {
            Optional<HookCall> again = redelivery(record);
            if (again.isEmpty()) {
                return false;
            }
            inCall = true;
            call(sender, again.get());
            inCall = false;
            return true;
        }
        TransactionRecord transaction;
        try {
            transaction = RECORDS.decode(record.value());
        } catch (RuntimeException e) {
            metrics.undecodable(); // the projection sets the record aside; a hook has nothing to announce
            return false;
        }
        if (!type.announces(transaction.getStatus())) {
            return false;
        }
        String eventId = WebhookEvent.idOf(record.topic(), record.partition(), record.offset());
        inCall = true;
        call(sender, HookBodies.call(hook.getHookId(), type, eventId, transaction, record.timestamp(),
                TraceParent.of(record.headers())));
        inCall = false;
        return true;
    }

    /**
     * The call a redelivery request repeats, when it names this hook: its body, event id and trace context as they
     * were, and the hook type it was made for ({@code hook.<type>}).
     */
    private Optional<HookCall> redelivery(ConsumerRecord<String, byte[]> record) {
        if (!WebhookDeadLetters.isFor(record.headers(), endpoint)) {
            return Optional.empty();
        }
        String event = WebhookDeadLetters.header(record.headers(), WebhookDeadLetters.EVENT).orElse("");
        Optional<HookType> madeFor = event.startsWith(WebhookDeadLetterTool.HOOK_EVENT_PREFIX)
                ? HookType.parse(event.substring(WebhookDeadLetterTool.HOOK_EVENT_PREFIX.length()))
                : Optional.empty();
        if (madeFor.isEmpty()) {
            log.warn("hook {} skipped redelivery request {}-{}@{}: not a hook call ({})", hook.getHookId(),
                    record.topic(), record.partition(), record.offset(), event);
            return Optional.empty();
        }
        String eventId = WebhookDeadLetters.header(record.headers(), WebhookDeadLetters.EVENT_ID)
                .orElse(record.key());
        return Optional.of(new HookCall(hook.getHookId(), madeFor.get(), eventId,
                HookBodies.transactionIdOf(record.value()), record.value(), TraceParent.of(record.headers())));
    }

    private void call(HookSender sender, HookCall call) throws InterruptedException {
        long firstFailedMs = -1;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                metrics.retry(type);
            }
            long started = System.nanoTime();
            HookAttempt result = sender.send(call, attempt);
            metrics.attempt(type, result, Duration.ofNanos(System.nanoTime() - started));
            if (Thread.interrupted() || !running) {
                throw new InterruptedException("stopping");
            }
            runs.record(hook.getHookId(), clock.instant(), result.succeeded());
            if (result.succeeded()) {
                health.caughtUp();
                return;
            }
            if (attempt > hook.getRetryCount()) {
                deadLetter(call, result, attempt);
                health.caughtUp();
                return;
            }
            if (firstFailedMs < 0) {
                firstFailedMs = clock.millis();
                health.retryingSince(firstFailedMs);
            }
            Thread.sleep(backoff.backoff(attempt).toMillis());
        }
    }

    private void deadLetter(HookCall call, HookAttempt last, int attempts) throws InterruptedException {
        WebhookEvent event = new WebhookEvent(call.eventId(),
                WebhookDeadLetterTool.HOOK_EVENT_PREFIX + call.type().name(), call.body(), call.traceparent());
        var headers = WebhookDeadLetters.deadLetter(event, last.tag() + " " + last.detail(), attempts,
                clock.millis(), endpoint);
        while (running) {
            try {
                deadLetters.send(new ProducerRecord<>(Topics.WEBHOOK_DEAD_LETTERS, null, call.eventId(), call.body(),
                        headers)).get(30, TimeUnit.SECONDS);
                metrics.deadLettered(type);
                health.deadLettered(clock.millis());
                log.warn("hook {} call for {} dead-lettered after {} attempts ({})", hook.getHookId(),
                        call.transactionId(), attempts, last.tag());
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("could not dead-letter a call of hook {}, retrying: {}", hook.getHookId(), e.toString());
                Thread.sleep(DEAD_LETTER_WRITE_RETRY.toMillis());
            }
        }
        throw new InterruptedException("stopping");
    }

    private void closeConsumer() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current == null) {
            return;
        }
        Thread.interrupted(); // the consumer refuses to commit on an interrupted thread
        try {
            if (!done.isEmpty()) {
                current.commitSync(done, Duration.ofSeconds(10));
            }
        } catch (RuntimeException e) {
            log.warn("hook {} could not commit its progress on stop: {}", hook.getHookId(), e.toString());
        } finally {
            done.clear();
            lastCommitted = Map.of();
            try {
                current.close(Duration.ofSeconds(5)); // may call onPartitionsRevoked, which uses the field
            } finally {
                inCall = false;
                consumer = null;
            }
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // one record per poll: a call with its retries may take long, and the lane must poll between records
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        long worstCall = (hook.getRetryCount() + 1L)
                * (hook.getTimeoutSeconds() * 1000L + settings.backoffMax().toMillis());
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, worstCall + 60_000));
        return props;
    }

    /** A partition the group has no progress on starts at the first record written once the hook was active. */
    private final class StartAtActivation implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> fresh = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    fresh.put(partition, hook.getActiveSinceMs());
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            // the end before the search: a record written after it is past the activation, so nothing falls between
            Map<TopicPartition, Long> end = consumer.endOffsets(fresh.keySet());
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(fresh);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition partition : fresh.keySet()) {
                OffsetAndTimestamp at = found.get(partition);
                long offset = at == null ? end.get(partition) : at.offset();
                consumer.seek(partition, offset);
                start.put(partition, new OffsetAndMetadata(offset));
            }
            // the start is progress too: a restart continues from it instead of searching by time again
            consumer.commitSync(start);
        }

        /** Inside poll, or inside close after a stop: then a call may have been interrupted, and is not committed. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!inCall) {
                commitPositions();
            }
        }
    }
}
