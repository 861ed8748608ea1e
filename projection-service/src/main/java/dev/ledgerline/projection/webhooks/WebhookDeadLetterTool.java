package dev.ledgerline.projection.webhooks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ledgerline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Lists {@link Topics#WEBHOOK_DEAD_LETTERS} (without a consumer group, so it moves nothing) and asks for chosen dead
 * letters to be delivered again by writing them to {@link Topics#WEBHOOK_REDELIVERIES}, addressed to the endpoint
 * each one failed for (the global URL, its webhook subscription or its transaction hook:
 * {@link WebhookDeadLetters#isFor}). The running projection-service's lane of that endpoint then sends it with the same
 * body, event id and trace context, signed afresh, with the usual retries (and sets it aside again if they are
 * exhausted); no other endpoint receives it. A dead letter is addressed as {@code partition:offset}.
 */
public final class WebhookDeadLetterTool {

    private static final Duration POLL = Duration.ofMillis(200);
    /** The {@code event} header of a transaction hook's dead letter ({@code hook.PRE_TRANSACTION}, …). */
    public static final String HOOK_EVENT_PREFIX = "hook.";

    private final String bootstrapServers;

    /** One dead letter as listed. */
    public record DeadLetter(int partition, long offset, String eventId, String event, String reason, int attempts,
                             long atMs, byte[] body, String subscriptionId, String hookId, String traceparent) {

        public String address() {
            return partition + ":" + offset;
        }

        /** The endpoint headers of the lane it failed in (none: the global URL). */
        public Map<String, String> endpoint() {
            Map<String, String> endpoint = new java.util.LinkedHashMap<>();
            if (subscriptionId != null) {
                endpoint.put(WebhookDeadLetters.SUBSCRIPTION_ID, subscriptionId);
            }
            if (hookId != null) {
                endpoint.put(WebhookDeadLetters.HOOK_ID, hookId);
            }
            return endpoint;
        }

        /** Where it failed and is redelivered to: {@code the global webhook URL}, {@code subscription …}, {@code hook …}. */
        public String endpointName() {
            return subscriptionId != null ? "subscription " + subscriptionId
                    : hookId != null ? "hook " + hookId : "the global webhook URL";
        }

        /** One line: address, when, event, id, attempts, the last result and the endpoint; never the body. */
        String line() {
            return address() + "  " + Instant.ofEpochMilli(atMs) + "  " + event + "  id=" + eventId + "  attempts="
                    + attempts + "  " + reason + (subscriptionId == null ? "" : "  subscription=" + subscriptionId)
                    + (hookId == null ? "" : "  hook=" + hookId);
        }
    }

    public WebhookDeadLetterTool(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every dead letter up to the end of the topic as it is now, oldest first per partition. */
    public List<DeadLetter> list(Duration timeout) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : reader.partitionsFor(Topics.WEBHOOK_DEAD_LETTERS, timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.WEBHOOK_DEAD_LETTERS + " within "
                            + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        letters.add(of(record));
                    }
                }
            }
        }
        return letters;
    }

    /** Writes each dead letter to the redelivery topic, acknowledged by the broker. */
    public void redeliver(List<DeadLetter> letters, PrintStream out) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (DeadLetter letter : letters) {
                if (letter.event().startsWith(HOOK_EVENT_PREFIX) && letter.hookId() == null) {
                    // a hook call that names no hook: without an endpoint it would go to the global URL, never do that
                    out.println("skipped " + letter.address() + " (" + letter.event() + "): names no hook");
                    continue;
                }
                try {
                    producer.send(new ProducerRecord<>(Topics.WEBHOOK_REDELIVERIES, null, letter.eventId(),
                            letter.body(), WebhookDeadLetters.redelivery(letter.eventId(), letter.event(),
                                    letter.address(), letter.endpoint(), letter.traceparent())))
                            .get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("could not request redelivery of " + letter.address(), e);
                }
                out.println("queued " + letter.address() + " (" + letter.event() + ", id " + letter.eventId()
                        + ") for redelivery to " + letter.endpointName());
            }
        }
    }

    private static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        var headers = record.headers();
        return new DeadLetter(record.partition(), record.offset(),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.EVENT_ID).orElse(record.key()),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.EVENT).orElse("?"),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.REASON).orElse("?"),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.ATTEMPTS).map(Integer::parseInt).orElse(0),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.AT_MS).map(Long::parseLong)
                        .orElse(record.timestamp()),
                record.value(),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.SUBSCRIPTION_ID).orElse(null),
                WebhookDeadLetters.header(headers, WebhookDeadLetters.HOOK_ID).orElse(null),
                TraceParent.of(headers));
    }

    private Properties readerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-webhook-dead-letters-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
