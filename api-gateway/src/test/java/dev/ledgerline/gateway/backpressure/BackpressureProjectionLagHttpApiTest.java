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
 * Goal: accepting work faster than it becomes readable only grows the read model's lag, so the projection's lag is a
 * limit of its own. Method: the gateway on a real embedded broker with only a projection-lag limit of 30 s; one event
 * written with a timestamp ten minutes old waits behind the projection's consumer group (no projection runs; the
 * group is moved by hand).
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class BackpressureProjectionLagHttpApiTest {

    private static final String GROUP = "backpressure-lag-test-projection";

    @DynamicPropertySource
    static void projectionLagLimitOnly(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.backpressure.max-backlog-records", () -> "0");
        registry.add("ledgerline.backpressure.max-oldest-age", () -> "0");
        registry.add("ledgerline.backpressure.max-projection-lag", () -> "30s");
        registry.add("ledgerline.backpressure.check-interval", () -> "100ms");
        registry.add("ledgerline.backpressure.processor-group-id", () -> "backpressure-lag-test-processor");
        registry.add("ledgerline.backpressure.projection-group-id", () -> GROUP);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProcessorBacklog backlog;
    @Autowired
    MeterRegistry meters;

    private WebTestClient http;
    private ProcessorGroupFixture projection;

    @BeforeAll
    void start() {
        http = HttpClients.freshConnections("http://127.0.0.1:" + port);
        projection = new ProcessorGroupFixture(GROUP, Topics.PROJECTION_INPUTS);
    }

    @AfterAll
    void stop() {
        projection.close();
    }

    @Test
    void anEventTheProjectionHasNotWrittenForLongerThanTheLimitTurnsBackpressureOnUntilItIsWritten() throws Exception {
        // Given the projection has written everything
        projection.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("before")).getStatus().value()).isEqualTo(201);

        // When an event that has waited ten minutes sits behind it on a public topic
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        try (KafkaProducer<String, byte[]> producer = ProcessorGroupFixture.producer()) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, 0, tenMinutesAgo, "old", new byte[] {1})).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog.overLimit());

        // Then a new transaction is refused with Blnk's code, counted under reason "projection_lag", the lag exported
        double refusedBefore = ProcessorGroupFixture.refused(meters, "projection_lag");
        EntityExchangeResult<String> refusedWrite = ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("during"));
        assertThat(refusedWrite.getStatus().value()).isEqualTo(503);
        assertThat(refusedWrite.getResponseBody()).contains("\"code\":\"QUEUE_BACKPRESSURE\"");
        assertThat(refusedWrite.getResponseHeaders().getFirst("Retry-After")).isNotNull();
        assertThat(ProcessorGroupFixture.refused(meters, "projection_lag") - refusedBefore).isEqualTo(1);
        assertThat(meters.get("ledgerline.backpressure.projection.lag.seconds").gauge().value()).isGreaterThan(500);

        // When the projection has written it, then writes are accepted again
        projection.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
