package dev.ledgerline.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.Reply;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers the processor's {@link Reply} records to the requests waiting for them.
 *
 * <p>Every gateway instance reads every partition of {@code ledger.replies} (manual assignment, no
 * consumer group): replies are keyed by request id, not by gateway, so each instance filters for
 * its own pending ids and ignores the rest. It starts at the end of the topic, positioned before
 * the constructor returns (so before the web server accepts requests): a reply can only follow its
 * command. {@code read_committed} because the processor writes replies inside its transactions.
 */
@Component
public class ReplyListener implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
    private static final AvroSerde<Reply> REPLIES = AvroSerde.of(Reply.class);

    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration timeout;
    private final Thread poller;
    private volatile boolean running = true;

    public ReplyListener(GatewayProperties properties, LedgerTopics topicsReady) {
        this.timeout = properties.replyTimeout();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-replies");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // fetch.max.wait.ms stays at Kafka's 500 ms: the broker answers a parked fetch as soon as a commit makes records
        // readable, so a shorter wait adds only empty fetches (measured: docs/benchmarks.md, session 19).
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());

        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.REPLIES, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy; position() resolves it now, so replies written from here on are seen.
        for (TopicPartition partition : partitions) {
            consumer.position(partition, Duration.ofSeconds(30));
        }
        log.info("Reply listener positioned at the end of {} partitions of {}", partitions.size(), Topics.REPLIES);

        this.poller = new Thread(this::pollLoop, "ledgerline-reply-listener");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Registers interest in {@code requestId}. Call before publishing the command, so that even an
     * instant reply finds its waiter; then {@link #awaitReply} and always {@link #forget}.
     */
    public CompletableFuture<Reply> expect(String requestId) {
        return pending.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    }

    /** The reply to {@code requestId}, or {@link ReplyTimeoutException} after the reply timeout. */
    public Mono<Reply> awaitReply(String requestId, CompletableFuture<Reply> expected) {
        return awaitReply(requestId, expected, timeout);
    }

    /** As {@link #awaitReply(String, CompletableFuture)}, waiting at least {@code atLeast} (large bulk batches). */
    public Mono<Reply> awaitReply(String requestId, CompletableFuture<Reply> expected, Duration atLeast) {
        Duration timeout = atLeast.compareTo(this.timeout) > 0 ? atLeast : this.timeout;
        // The reply completes on the listener's only poll thread: hand the rest of the request to a worker.
        return Mono.fromFuture(expected, true)
                .publishOn(Schedulers.parallel())
                .timeout(timeout, Mono.error(() -> new ReplyTimeoutException(requestId)));
    }

    /** Stops waiting for {@code requestId} (reply received, timed out, or publish failed). */
    public void forget(String requestId) {
        pending.remove(requestId);
    }

    int pendingCount() {
        return pending.size();
    }

    private void pollLoop() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        deliver(record);
                    }
                } catch (WakeupException e) {
                    if (running) {
                        log.warn("Reply listener woken up unexpectedly; continuing");
                    }
                } catch (RuntimeException e) {
                    // Broker trouble must not kill the listener; the affected requests time out.
                    log.warn("Reply listener poll failed; retrying in 1 s", e);
                    sleepQuietly(1_000);
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("gateway shutting down")));
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        Reply reply;
        try {
            reply = REPLIES.decode(record.value());
        } catch (RuntimeException e) {
            log.warn("Undecodable reply at {}-{}@{}; skipped", record.topic(), record.partition(), record.offset(), e);
            return;
        }
        CompletableFuture<Reply> waiter = pending.remove(reply.getRequestId().toString());
        if (waiter != null) {
            waiter.complete(reply);
        }
        // Otherwise the request belongs to another gateway instance or already timed out: ignore.
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(10_000);
    }
}
