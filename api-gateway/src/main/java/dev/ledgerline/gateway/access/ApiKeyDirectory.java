package dev.ledgerline.gateway.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.ledgerline.core.access.ApiKeyGrant;
import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.UndecodableRecordException;
import dev.ledgerline.gateway.kafka.LedgerTopics;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.ApiKeyRecord;

/**
 * Every API key of the deployment, in memory, from the compacted {@code ledger.api-keys} topic: read from the
 * beginning at start ({@code read_committed}) and followed from then on, so each gateway instance sees a created or
 * revoked key within one poll (tens of milliseconds) of its write, whichever instance wrote it. Until the topic has
 * been read up to its end as of start-up, lookups report {@link #ready()} false (API-key requests get a 503 rather
 * than a wrong 401).
 *
 * <p>A failure (the broker unreachable longer than a request timeout, a fenced or closed consumer) does not end the
 * follower: it reports the failure ({@link #failure()}, shown by the gateway's {@code /health}), waits with backoff
 * and reads the topic again from the beginning with a new consumer. Re-reading is harmless: each record is a key's
 * latest state and a revocation is final.
 */
@Component
public class ApiKeyDirectory implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyDirectory.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final AvroSerde<ApiKeyRecord> RECORDS = AvroSerde.of(ApiKeyRecord.class);

    private final Map<String, ApiKeyRecord> byDigest = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyRecord> byId = new ConcurrentHashMap<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Properties config = new Properties();
    private final Thread follower;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String failure;

    private final Duration metadataTimeout;

    @Autowired
    public ApiKeyDirectory(GatewayProperties properties, LedgerTopics topicsReady) {
        this(properties.kafka().bootstrapServers(), Duration.ofSeconds(30));
    }

    /** {@code metadataTimeout}: how long one attempt waits for the topic's partitions before it counts as failed. */
    ApiKeyDirectory(String bootstrapServers, Duration metadataTimeout) {
        this.metadataTimeout = metadataTimeout;
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-api-keys");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // fetch.max.wait.ms stays at Kafka's 500 ms: the broker answers a parked fetch as soon as a commit makes records
        // readable, so a shorter wait adds only empty fetches (measured: docs/benchmarks.md, session 19).
        follower = new Thread(this::followUntilClosed, "api-key-directory");
        follower.setDaemon(true);
        follower.start();
    }

    /** Follows the topic; after a failure, starts over from the beginning with a new consumer, with backoff. */
    private void followUntilClosed() {
        long backoffMs = 500;
        while (running.get()) {
            try (KafkaConsumer<String, byte[]> fresh = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = fresh;
                if (!running.get()) {
                    return; // destroy() ran before the consumer was published, so nobody will wake it
                }
                follow(fresh);
                return;
            } catch (WakeupException e) {
                return; // closing
            } catch (RuntimeException e) {
                ready.set(false);
                failure = e.getClass().getSimpleName();
                log.error("API key directory failed ({}); API-key requests are answered 503 until it has read the "
                        + "topic again; retrying in {} ms", failure, backoffMs, e);
            } finally {
                consumer = null;
            }
            sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = kafka.partitionsFor(Topics.API_KEYS, metadataTimeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> startEnd = kafka.endOffsets(partitions);
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                apply(record.value());
            }
            if (!ready.get() && startEnd.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                ready.set(true);
                failure = null;
                log.info("API keys loaded: {} keys", byId.size());
            }
        }
    }

    private void sleep(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (running.get() && System.currentTimeMillis() < deadline) {
                Thread.sleep(Math.min(100, millis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /**
     * Why the directory cannot serve API keys right now (the kind of failure it is retrying after), or empty while it
     * is loading or loaded.
     */
    public Optional<String> failure() {
        return ready.get() ? Optional.empty() : Optional.ofNullable(failure);
    }

    /** Applies one record read from the topic. */
    private void apply(byte[] value) {
        if (value == null) {
            return;
        }
        try {
            apply(RECORDS.decode(value));
        } catch (UndecodableRecordException e) {
            log.warn("skipped an undecodable record on {}: {}", Topics.API_KEYS, e.toString());
        }
    }

    /** Applies one key's state (also called by this gateway once the processor decided, so its own reads see it). */
    public void apply(ApiKeyRecord key) {
        ApiKeyRecord previous = byId.get(key.getApiKeyId().toString());
        if (previous != null && previous.getRevoked() && !key.getRevoked()) {
            return; // revocation is final, whatever order two writers' records arrive in
        }
        byId.put(key.getApiKeyId().toString(), key);
        byDigest.put(key.getKeyDigest().toString(), key);
    }

    public boolean ready() {
        return ready.get();
    }

    public Optional<ApiKeyGrant> grantForDigest(String digest) {
        return Optional.ofNullable(byDigest.get(digest)).map(ApiKeyDirectory::grant);
    }

    public Optional<ApiKeyRecord> byId(String apiKeyId) {
        return Optional.ofNullable(byId.get(apiKeyId));
    }

    /** The keys of one owner, newest first (Blnk orders by created_at DESC). */
    public List<ApiKeyRecord> ofOwner(String ownerId) {
        List<ApiKeyRecord> keys = new ArrayList<>();
        for (ApiKeyRecord key : byId.values()) {
            if (key.getOwnerId().toString().equals(ownerId)) {
                keys.add(key);
            }
        }
        keys.sort(Comparator.comparingLong(ApiKeyRecord::getCreatedAtMs).reversed());
        return keys;
    }

    static ApiKeyGrant grant(ApiKeyRecord key) {
        return new ApiKeyGrant(key.getApiKeyId().toString(), key.getOwnerId().toString(),
                key.getScopes().stream().map(CharSequence::toString).toList(), key.getExpiresAtMs(), key.getRevoked());
    }

    @Override
    public void destroy() throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        follower.join(5_000);
    }
}
