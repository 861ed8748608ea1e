package dev.ledgerline.gateway.backpressure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import dev.ledgerline.schemas.Topics;

/**
 * Plays a consumer group by hand on the embedded broker (no processor or projection runs in these tests): by default
 * the processor's, on its input topics.
 */
final class ProcessorGroupFixture implements AutoCloseable {

    private final String group;
    private final List<String> topics;
    private final Admin admin;

    ProcessorGroupFixture(String group) {
        this(group, Topics.PROCESSOR_INPUTS);
    }

    ProcessorGroupFixture(String group, List<String> topics) {
        this.group = group;
        this.topics = topics;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBrokerExtension.bootstrapServers());
        this.admin = Admin.create(config);
    }

    /** Moves the group's committed offsets to the end of each of its topics: nothing waits. */
    void catchUp() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var topic : admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(group, end).all().get();
    }

    /** Moves the group's committed offset on one partition to {@code offset} (the others stay where they are). */
    void moveTo(String topic, int partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)))
                .all().get();
    }

    /** The end offset of one partition. */
    long endOffset(String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBrokerExtension.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    /** Posts {@code body} to {@code path} on the gateway and returns the whole answer. */
    static EntityExchangeResult<String> post(WebTestClient http, String path, String body) {
        return http.post().uri(path).header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectBody(String.class).returnResult();
    }

    /** Writes refused so far with {@code QUEUE_BACKPRESSURE} for {@code reason}. */
    static double refused(MeterRegistry meters, String reason) {
        return meters.get("blnk.queue.backpressure.rejected").tag("reason", reason).counter().count();
    }

    static String transfer(String reference) {
        return "{\"precise_amount\":100,\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference + "-"
                + UUID.randomUUID() + "\",\"source\":\"@World\",\"destination\":\"@Alice\",\"description\":\"bp\","
                + "\"allow_overdraft\":true}";
    }

    @Override
    public void close() {
        admin.close();
    }
}
