package dev.ledgerline.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what is written to one topic from the moment the tap is opened (a real consumer, all partitions). */
public final class TopicTap implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    public TopicTap(String bootstrapServers, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p));
    }

    /** Waits up to {@code within} for at least {@code count} records, returns what arrived. */
    public List<ConsumerRecord<String, byte[]>> next(int count, Duration within) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    /** Everything that arrives within {@code window} (used to prove nothing was published). */
    public List<ConsumerRecord<String, byte[]>> drain(Duration window) {
        return next(Integer.MAX_VALUE, window);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
