package dev.ledgerline.projection.integrity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

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
 * Reads {@code ledger.entries}, {@code ledger.seals} and {@code ledger.transactions} from offset zero with group-less
 * {@code read_committed} consumers, up to the end offsets (last stable offsets) fixed when the reading opens, so a
 * reading is a consistent prefix of every partition. Each partition is streamed by a consumer of its own, one poll
 * ({@value #MAX_POLL_RECORDS} records at most) in memory at a time: memory does not grow with the log.
 */
public final class KafkaEventLog implements EventLog {

    private static final int MAX_POLL_RECORDS = 2000;
    private static final int FETCH_MAX_WAIT_MS = 10;
    private static final AvroSerde<BalanceEntry> ENTRIES = AvroSerde.of(BalanceEntry.class);
    private static final AvroSerde<SealRecord> SEALS = AvroSerde.of(SealRecord.class);
    private static final AvroSerde<TransactionRecord> TRANSACTIONS = AvroSerde.of(TransactionRecord.class);

    private final String bootstrapServers;
    private final Duration timeout;

    /** @param timeout limit for each broker request and for making progress on one partition */
    public KafkaEventLog(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    @Override
    public Reading open() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ENTRIES, Topics.SEALS, Topics.TRANSACTIONS)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            return new KafkaReading(Map.copyOf(consumer.endOffsets(partitions, timeout)));
        }
    }

    private final class KafkaReading implements Reading {

        private final Map<TopicPartition, Long> ends;

        KafkaReading(Map<TopicPartition, Long> ends) {
            this.ends = ends;
        }

        private List<Integer> partitionsOf(String topic) {
            List<Integer> partitions = new ArrayList<>();
            ends.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> partitions.add(tp.partition()));
            Collections.sort(partitions);
            return partitions;
        }

        @Override
        public List<Integer> entryPartitions() {
            return partitionsOf(Topics.ENTRIES);
        }

        @Override
        public List<Integer> transactionPartitions() {
            return partitionsOf(Topics.TRANSACTIONS);
        }

        @Override
        public RecordStream<BalanceEntry> entries(int partition, long fromOffset) {
            return stream(new TopicPartition(Topics.ENTRIES, partition), fromOffset, value -> decode(ENTRIES, value));
        }

        @Override
        public RecordStream<SealRecord> seals(int partition, long fromOffset) {
            return stream(new TopicPartition(Topics.SEALS, partition), fromOffset, value -> decode(SEALS, value));
        }

        @Override
        public RecordStream<TransactionRecord> transactions(int partition, long fromOffset) {
            return stream(new TopicPartition(Topics.TRANSACTIONS, partition), fromOffset,
                    value -> decode(TRANSACTIONS, value));
        }

        @Override
        public long endOffset(String topic, int partition) {
            return ends.getOrDefault(new TopicPartition(topic, partition), 0L);
        }

        private <T> RecordStream<T> stream(TopicPartition partition, long fromOffset, Function<byte[], T> decoder) {
            Long end = ends.get(partition);
            return new PartitionStream<>(partition, fromOffset, end == null ? 0 : end, decoder);
        }
    }

    /** One partition from its beginning to a fixed end, fetched one poll at a time. */
    private final class PartitionStream<T> implements RecordStream<T> {

        private final TopicPartition partition;
        private final long from;
        private final long end;
        private final Function<byte[], T> decoder;
        private final Deque<LogRecord<T>> buffered = new ArrayDeque<>();
        private KafkaConsumer<String, byte[]> consumer;
        private boolean exhausted;

        PartitionStream(TopicPartition partition, long from, long end, Function<byte[], T> decoder) {
            this.partition = partition;
            this.from = from;
            this.end = end;
            this.decoder = decoder;
            this.exhausted = end <= from;
        }

        @Override
        public boolean hasNext() {
            while (buffered.isEmpty() && !exhausted) {
                fill();
            }
            return !buffered.isEmpty();
        }

        @Override
        public LogRecord<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffered.removeFirst();
        }

        private void fill() {
            if (consumer == null) {
                consumer = new KafkaConsumer<>(properties());
                consumer.assign(List.of(partition));
                if (from > 0) {
                    consumer.seek(partition, from);
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
            if (consumer.position(partition, timeout) >= end) {
                finish();
                return;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (buffered.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end) {
                        buffered.add(new LogRecord<>(r.topic(), r.partition(), r.offset(), r.key(), decoder.apply(r.value())));
                    }
                }
                if (consumer.position(partition, timeout) >= end) {
                    if (buffered.isEmpty()) {
                        finish();
                    }
                    return;
                }
                if (buffered.isEmpty() && System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + partition + " to offset " + end + " within " + timeout);
                }
            }
        }

        private void finish() {
            exhausted = true;
            close();
        }

        @Override
        public void close() {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
                consumer = null;
            }
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
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // one partition per consumer: keep each fetch to a few MB so a poll's records stay small
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        // A reading ends at offsets fixed when it opened, all of them already written, so a fetch has no reason to be
        // parked by the broker for Kafka's default 500 ms when it finds nothing to return; with one stream per
        // partition (18 per verification with 6 partitions) those waits were most of a small verification's time:
        // IntegrityEndToEndIT's test, six verifications of a small ledger, took 21.7 s with them and 3.5 s without.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
