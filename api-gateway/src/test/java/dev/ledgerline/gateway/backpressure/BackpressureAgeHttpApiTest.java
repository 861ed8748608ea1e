package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    private ProcessorGroupFixture processor;

    @BeforeAll
    void start() {
        http = HttpClients.freshConnections("http://127.0.0.1:" + port);
        processor = new ProcessorGroupFixture(GROUP);
    }

    @AfterAll
    void stop() {
        processor.close();
    }

    @Test
    void oneRecordWaitingLongerThanTheAgeLimitTurnsBackpressureOnUntilItIsProcessed() throws Exception {
        // Given the processor has processed everything
        processor.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("before")).getStatus().value()).isEqualTo(201);
        // (and that write too: the age is the first waiting record's, so a fresh one ahead of the old one hides it)
        processor.catchUp();

        // When a single record that has waited ten minutes sits behind it
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        try (KafkaProducer<String, byte[]> producer = ProcessorGroupFixture.producer()) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, 0, tenMinutesAgo, "old", new byte[] {1})).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog.overLimit());

        // Then a new transaction is refused with Blnk's code, counted under reason "age", and the age is exported
        double refusedBefore = ProcessorGroupFixture.refused(meters, "age");
        EntityExchangeResult<String> refusedWrite = ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("during"));
        assertThat(refusedWrite.getStatus().value()).isEqualTo(503);
        assertThat(refusedWrite.getResponseBody()).contains("\"code\":\"QUEUE_BACKPRESSURE\"");
        assertThat(refusedWrite.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(ProcessorGroupFixture.refused(meters, "age") - refusedBefore).isEqualTo(1);
        assertThat(meters.get("ledgerline.processor.backlog.oldest.age.seconds").gauge().value()).isGreaterThan(500);

        // When the processor has processed it, then writes are accepted again
        processor.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
