package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.gateway.GatewayApplication;
import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import dev.ledgerline.gateway.support.HttpClients;
import dev.ledgerline.gateway.support.TopicTap;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/*
 * Goal: a backlog that is short but old also stops new work: the oldest waiting record's age is a limit of its own
 * (Ledgerline's addition to Blnk's depth limit). Method: the gateway on a real embedded broker with no depth limit and
 * an age limit of 30 s; one record written with a timestamp ten minutes old waits behind the processor's consumer
 * group (no processor runs; the group is moved by hand).
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class BackpressureAgeHttpApiTest {

    private static final String GROUP = "backpressure-age-test-processor";

    @DynamicPropertySource
    static void ageLimitOnly(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.backpressure.max-backlog-records", () -> "0");
        registry.add("ledgerline.backpressure.max-oldest-age", () -> "30s");
        registry.add("ledgerline.backpressure.check-interval", () -> "100ms");
        registry.add("ledgerline.backpressure.processor-group-id", () -> GROUP);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProcessorBacklog backlog;
    @Autowired
    MeterRegistry meters;

    private WebTestClient http;
    private Admin admin;

    @BeforeAll
    void start() {
        http = HttpClients.freshConnections("http://127.0.0.1:" + port);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBrokerExtension.bootstrapServers());
        admin = Admin.create(config);
    }

    @AfterAll
    void stop() {
        admin.close();
    }

    @Test
    void oneRecordWaitingLongerThanTheAgeLimitTurnsBackpressureOnUntilItIsProcessed() throws Exception {
        // Given the processor has processed everything
        processorCatchesUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(post(transfer("before")).getStatus().value()).isEqualTo(201);

        // When a single record that has waited ten minutes sits behind it
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, 0, tenMinutesAgo, "old", new byte[] {1})).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog.overLimit());

        // Then a new transaction is refused with Blnk's code, counted under reason "age", and the age is exported
        double refusedBefore = refused("age");
        EntityExchangeResult<String> refusedWrite = post(transfer("during"));
        assertThat(refusedWrite.getStatus().value()).isEqualTo(503);
        assertThat(refusedWrite.getResponseBody()).contains("\"code\":\"QUEUE_BACKPRESSURE\"");
        assertThat(refusedWrite.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused("age") - refusedBefore).isEqualTo(1);
        assertThat(meters.get("ledgerline.processor.backlog.oldest.age.seconds").gauge().value()).isGreaterThan(500);

        // When the processor has processed it, then writes are accepted again
        processorCatchesUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(post(transfer("after")).getStatus().value()).isEqualTo(201);
    }

    private double refused(String reason) {
        return meters.get("blnk.queue.backpressure.rejected").tag("reason", reason).counter().count();
    }

    private void processorCatchesUp() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var topic : admin.describeTopics(Topics.PROCESSOR_INPUTS).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(GROUP, end).all().get();
    }

    private EntityExchangeResult<String> post(String body) {
        return http.post().uri("/transactions").header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectBody(String.class).returnResult();
    }

    private static String transfer(String reference) {
        return "{\"precise_amount\":100,\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference + "-"
                + UUID.randomUUID() + "\",\"source\":\"@World\",\"destination\":\"@Alice\",\"description\":\"bp\","
                + "\"allow_overdraft\":true}";
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBrokerExtension.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }
}
