package dev.ledgerline.projection.deadletters;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;

/**
 * Reads {@link Topics#DEAD_LETTERS} (without a consumer group, so it moves nothing) and sends chosen dead
 * letters back to the topic they came from, after the cause is fixed. A dead letter is addressed as
 * {@code partition:offset} in the dead-letter topic.
 */
public final class DeadLetterTool {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;

    /** One dead letter as listed. */
    public record DeadLetter(int partition, long offset, String key, byte[] value, String reason, String detail,
                             String consumer, String sourceTopic, String source, long atMs,
                             ConsumerRecord<String, byte[]> record) {

        public String address() {
            return partition + ":" + offset;
        }

        String line() {
            return address() + "  " + Instant.ofEpochMilli(atMs) + "  " + reason + "  from " + source + " by "
                    + consumer + "  key=" + key + "  bytes=" + (value == null ? 0 : value.length) + "  " + detail;
        }
    }

    public DeadLetterTool(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every dead letter up to the end of the topic as it is now, oldest first per partition. */
    public List<DeadLetter> list(Duration timeout) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : reader.partitionsFor(Topics.DEAD_LETTERS, timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(reader, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.DEAD_LETTERS + " within " + timeout);
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

    /** Sends each dead letter back to its source topic with its key, value and original headers. */
    public void replay(List<DeadLetter> letters, PrintStream out) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (DeadLetter letter : letters) {
                if (letter.sourceTopic().isEmpty() || !Topics.ALL.contains(letter.sourceTopic())
                        || Topics.DEAD_LETTERS.equals(letter.sourceTopic())) {
                    throw new IllegalArgumentException(letter.address() + " has no known source topic");
                }
                try {
                    producer.send(new ProducerRecord<>(letter.sourceTopic(), null, letter.key(), letter.value(),
                            DeadLetters.replayHeaders(letter.record().headers(), letter.offset()))).get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("could not send " + letter.address() + " back to "
                            + letter.sourceTopic(), e);
                }
                out.println("replayed " + letter.address() + " to " + letter.sourceTopic() + " (key " + letter.key() + ")");
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> end) {
        Set<TopicPartition> assigned = reader.assignment();
        for (TopicPartition partition : assigned) {
            if (reader.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        var headers = record.headers();
        String topic = DeadLetters.header(headers, DeadLetters.SOURCE_TOPIC).orElse("");
        String source = topic + "-" + DeadLetters.header(headers, DeadLetters.SOURCE_PARTITION).orElse("?") + "@"
                + DeadLetters.header(headers, DeadLetters.SOURCE_OFFSET).orElse("?");
        long at = DeadLetters.header(headers, DeadLetters.AT_MS).map(Long::parseLong).orElse(record.timestamp());
        return new DeadLetter(record.partition(), record.offset(), record.key(), record.value(),
                DeadLetters.header(headers, DeadLetters.REASON).orElse("?"),
                DeadLetters.header(headers, DeadLetters.DETAIL).orElse(""),
                DeadLetters.header(headers, DeadLetters.CONSUMER).orElse("?"), topic, source, at, record);
    }

    private Properties readerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-dead-letters-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TopicSetup.MAX_DEAD_LETTER_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, TopicSetup.MAX_DEAD_LETTER_BYTES);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSetup.MAX_DEAD_LETTER_BYTES);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
