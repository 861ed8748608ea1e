package dev.ledgerline.observability.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/*
 * Goal: the backlog of a consumer group is what it has not committed yet, counted in records (not in
 * offsets: transaction markers and aborted records are not work), with the age of the oldest waiting
 * record; and the gauges export it per partition. Method: a real KRaft broker, a transactional
 * producer as the ledger's writers use, and real consumer groups committing offsets.
 */
class ConsumerGroupBacklogReaderTest {

    private static EmbeddedKafkaKraftBroker kafka;
    private static ConsumerGroupBacklogReader reader;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2);
        kafka.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        reader = new ConsumerGroupBacklogReader(kafka.getBrokersAsString(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopBroker() {
        if (reader != null) {
            reader.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void a_group_that_never_committed_is_behind_by_every_record_and_the_oldest_is_the_first() throws Exception {
        // given three records in one transaction on partition 0 (offsets 0-2, commit marker at 3)
        String topic = newTopic();
        long before = System.currentTimeMillis();
        produceInOneTransaction(topic, 0, "a", "b", "c");

        // when the backlog of a group without offsets is read
        GroupBacklog backlog = reader.read("never-committed-" + UUID.randomUUID(), List.of(topic));

        // then partition 0 holds the three records (the marker is not work) and partition 1 nothing
        PartitionBacklog p0 = row(backlog, topic, 0);
        assertThat(p0.endOffset()).isEqualTo(4);
        assertThat(p0.committedOffset()).isEqualTo(-1);
        assertThat(p0.backlog()).isEqualTo(3);
        assertThat(p0.oldestTimestampMs()).isBetween(before, System.currentTimeMillis());
        assertThat(row(backlog, topic, 1).backlog()).isZero();
        assertThat(backlog.totalBacklog()).isEqualTo(3);
        assertThat(backlog.error()).isNull();
    }

    @Test
    void a_group_that_consumed_everything_has_no_backlog_although_a_commit_marker_follows_its_offset() throws Exception {
        // given three records in one transaction, consumed and committed by a group (offset 3: the marker remains)
        String topic = newTopic();
        produceInOneTransaction(topic, 0, "a", "b", "c");
        String group = "caught-up-" + UUID.randomUUID();
        commit(group, topic, 0, 3);

        // when its backlog is read
        GroupBacklog backlog = reader.read(group, List.of(topic));

        // then nothing waits, although end - committed is 1
        PartitionBacklog p0 = row(backlog, topic, 0);
        assertThat(p0.endOffset() - p0.committedOffset()).isEqualTo(1);
        assertThat(p0.backlog()).isZero();
        assertThat(p0.oldestAgeSeconds(System.currentTimeMillis())).isZero();
    }

    @Test
    void records_of_an_aborted_transaction_are_not_waiting_work() throws Exception {
        // given an aborted transaction of two records, then a committed one of one record written a second later
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, 0, "k", "aborted-2"));
            producer.flush();
            producer.abortTransaction();
        }
        Thread.sleep(1_100);
        long committedAt = System.currentTimeMillis();
        produceInOneTransaction(topic, 0, "kept");

        // when the backlog of a group without offsets is read
        GroupBacklog backlog = reader.read("aborted-" + UUID.randomUUID(), List.of(topic));

        // then only the committed record waits, and the oldest age is its own, not the aborted records'
        PartitionBacklog p0 = row(backlog, topic, 0);
        assertThat(p0.backlog()).isEqualTo(1);
        assertThat(p0.oldestTimestampMs()).isGreaterThanOrEqualTo(committedAt - 50);
    }

    @Test
    void a_group_part_way_through_waits_for_the_rest_and_the_gauges_export_it_per_partition() throws Exception {
        // given five records written a second apart in two transactions, of which a group committed the first two
        String topic = newTopic();
        produceInOneTransaction(topic, 1, "a", "b");
        Thread.sleep(1_100);
        long secondBatchAt = System.currentTimeMillis();
        produceInOneTransaction(topic, 1, "c", "d", "e");
        String group = "part-way-" + UUID.randomUUID();
        commit(group, topic, 1, 2);

        // when the backlog is read and exported as gauges
        GroupBacklog backlog = reader.read(group, List.of(topic));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new BacklogGauges(registry, () -> backlog, "ledgerline.queue.depth", "depth",
                "ledgerline.queue.oldest.age.seconds", "age", "ledgerline.projection.lag.seconds", "max age");

        // then the three later records wait (the first batch's marker at offset 2 is skipped) and the
        // oldest waiting one is the first of the second batch
        PartitionBacklog p1 = row(backlog, topic, 1);
        assertThat(p1.backlog()).isEqualTo(3);
        assertThat(p1.oldestTimestampMs()).isGreaterThanOrEqualTo(secondBatchAt - 50);
        String scrape = registry.scrape();
        assertThat(scrape).contains("ledgerline_queue_depth{partition=\"1\",topic=\"" + topic + "\"} 3.0");
        assertThat(scrape).contains("ledgerline_queue_depth{partition=\"0\",topic=\"" + topic + "\"} 0.0");
        assertThat(scrape).containsPattern(
                "ledgerline_queue_oldest_age_seconds\\{partition=\"1\",topic=\"" + topic + "\"} \\d+\\.\\d+");
        assertThat(scrape).contains("ledgerline_projection_lag_seconds ");
    }

    @Test
    void one_reader_asked_again_and_again_about_several_topics_follows_each_of_them() throws Exception {
        // given two topics with waiting records, read once each by the same reader (it keeps one paused assignment)
        String first = newTopic();
        String second = newTopic();
        produceInOneTransaction(first, 0, "a", "b");
        produceInOneTransaction(second, 1, "x");
        String group = "again-" + UUID.randomUUID();
        assertThat(row(reader.read(group, List.of(first)), first, 0).backlog()).isEqualTo(2);
        assertThat(row(reader.read(group, List.of(second)), second, 1).backlog()).isEqualTo(1);

        // when more arrives on the first topic, the group commits past the first two, and the first topic is read again
        produceInOneTransaction(first, 0, "c", "d", "e");
        commit(group, first, 0, 2);
        GroupBacklog again = reader.read(group, List.of(first));

        // then the new state is reported: the three later records wait, the second topic's answer is unchanged
        assertThat(row(again, first, 0).backlog()).isEqualTo(3);
        assertThat(row(reader.read(group, List.of(second)), second, 1).backlog()).isEqualTo(1);
    }

    @Test
    void topics_that_do_not_exist_are_left_out() {
        // when the backlog of an unknown topic is read
        GroupBacklog backlog = reader.read("any", List.of("no-such-topic-" + UUID.randomUUID()));

        // then it has no rows and no error
        assertThat(backlog.partitions()).isEmpty();
        assertThat(backlog.error()).isNull();
    }

    private static PartitionBacklog row(GroupBacklog backlog, String topic, int partition) {
        return backlog.partitions().stream()
                .filter(p -> p.topic().equals(topic) && p.partition() == partition)
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + topic + "-" + partition + " in " + backlog));
    }

    private static String newTopic() throws Exception {
        String topic = "backlog-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        return topic;
    }

    private static void produceInOneTransaction(String topic, int partition, String... values) {
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.beginTransaction();
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, "k", value));
            }
            producer.commitTransaction();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "backlog-test-" + UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        return producer;
    }

    /** A real member of {@code group} commits {@code offset} on the partition, as a consumer does after processing. */
    private static void commit(String group, String topic, int partition, long offset) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }
}
