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
 */
@Component
public class ApiKeyDirectory implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyDirectory.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final AvroSerde<ApiKeyRecord> RECORDS = AvroSerde.of(ApiKeyRecord.class);

    private final Map<String, ApiKeyRecord> byDigest = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyRecord> byId = new ConcurrentHashMap<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread follower;

    public ApiKeyDirectory(GatewayProperties properties, LedgerTopics topicsReady) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-api-keys");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        follower = new Thread(this::follow, "api-key-directory");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.API_KEYS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record.value());
                }
                if (!ready.get() && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    ready.set(true);
                    log.info("API keys loaded: {} keys", byId.size());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("API key directory stopped: API-key requests are answered 503 until restart", e);
            ready.set(false);
        } finally {
            consumer.close();
        }
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
        consumer.wakeup();
        follower.join(5_000);
    }
}
