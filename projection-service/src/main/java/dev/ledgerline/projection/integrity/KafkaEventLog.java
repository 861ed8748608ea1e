package dev.ledgerline.projection.integrity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Reads {@code ledger.entries}, {@code ledger.seals} and {@code ledger.transactions} from offset zero with a group-less
 * {@code read_committed} consumer, up to the end offsets (last stable offsets) captured when the read
 * starts, so the snapshot is a consistent prefix of every partition. Holds the whole snapshot in
 * memory.
 */
public final class KafkaEventLog implements EventLog {

    private static final AvroSerde<BalanceEntry> ENTRIES = AvroSerde.of(BalanceEntry.class);
    private static final AvroSerde<SealRecord> SEALS = AvroSerde.of(SealRecord.class);
    private static final AvroSerde<TransactionRecord> TRANSACTIONS = AvroSerde.of(TransactionRecord.class);

    private final String bootstrapServers;
    private final Duration timeout;

    public KafkaEventLog(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    @Override
    public Snapshot read() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ENTRIES, Topics.SEALS, Topics.TRANSACTIONS)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            List<LogRecord<BalanceEntry>> entries = new ArrayList<>();
            List<LogRecord<SealRecord>> seals = new ArrayList<>();
            List<LogRecord<TransactionRecord>> transactions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
            while (!end.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the event log to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Long limit = end.get(new TopicPartition(r.topic(), r.partition()));
                    if (limit == null || r.offset() >= limit) {
                        continue;
                    }
                    if (Topics.ENTRIES.equals(r.topic())) {
                        entries.add(new LogRecord<>(r.topic(), r.partition(), r.offset(), r.key(), decode(ENTRIES, r.value())));
                    } else if (Topics.TRANSACTIONS.equals(r.topic())) {
                        transactions.add(new LogRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                                decode(TRANSACTIONS, r.value())));
                    } else {
                        seals.add(new LogRecord<>(r.topic(), r.partition(), r.offset(), r.key(), decode(SEALS, r.value())));
                    }
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
                // a finished partition keeps being fetched; pause it so the others progress
                consumer.pause(consumer.assignment().stream().filter(tp -> !end.containsKey(tp)).toList());
            }
            Comparator<LogRecord<?>> order = Comparator.<LogRecord<?>>comparingInt(LogRecord::partition)
                    .thenComparingLong(LogRecord::offset);
            entries.sort(order);
            seals.sort(order);
            transactions.sort(order);
            return new Snapshot(entries, seals, transactions);
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroSerde<T> serde, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return serde.decode(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-verifier-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
