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
 * Goal: a backlog the processor consumes too slowly stops new work before it is deep or old: the estimated wait (backlog
 * ÷ recent consumption rate) is a limit of its own, for bulk batches of thousands of transfers that are one record
 * each. Method: the gateway on a real embedded broker with no depth, age or projection limit and a wait limit of 5 s;
 * no processor runs; the processor's consumer group is moved by hand, 10 records at a time, through 1,000 records
 * waiting (at most 10 records per check interval of 100 ms, so at most 100 per second: at least 9.9 s of wait).
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class BackpressureWaitHttpApiTest {

    private static final String GROUP = "backpressure-wait-test-processor";
    private static final int WAITING = 1_000;

    @DynamicPropertySource
    static void waitLimitOnly(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.backpressure.max-backlog-records", () -> "0");
        registry.add("ledgerline.backpressure.max-oldest-age", () -> "0");
        registry.add("ledgerline.backpressure.max-projection-lag", () -> "0");
        registry.add("ledgerline.backpressure.max-estimated-wait", () -> "5s");
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
    void aBacklogConsumedTooSlowlyTurnsBackpressureOnForTheWaitUntilItIsConsumed() throws Exception {
        // Given the processor has processed everything
        processor.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("before")).getStatus().value()).isEqualTo(201);
        processor.catchUp();

        // When 1,000 records wait on one partition and the processor moves through them 10 at a time
        try (KafkaProducer<String, byte[]> producer = ProcessorGroupFixture.producer()) {
            for (int i = 0; i < WAITING; i++) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, 0, "slow-" + i, new byte[] {1}));
            }
            producer.flush();
        }
        long end = processor.endOffset(Topics.TRANSACTION_COMMANDS, 0);
        long position = end - WAITING;
        processor.moveTo(Topics.TRANSACTION_COMMANDS, 0, position);
        while (!backlog.overLimit() && position < end - 100) {
            Thread.sleep(150); // more than a check interval: every move is seen in an interval that began with a backlog
            position += 10;
            processor.moveTo(Topics.TRANSACTION_COMMANDS, 0, position);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog.overLimit());

        // Then a new transaction is refused with Blnk's code, counted under reason "wait", and the estimate is exported
        double refusedBefore = ProcessorGroupFixture.refused(meters, "wait");
        EntityExchangeResult<String> refusedWrite = ProcessorGroupFixture.post(http, "/transactions/bulk",
                "{\"transactions\":[" + ProcessorGroupFixture.transfer("during") + "]}");
        assertThat(refusedWrite.getStatus().value()).isEqualTo(503);
        assertThat(refusedWrite.getResponseBody()).contains("\"code\":\"QUEUE_BACKPRESSURE\"");
        assertThat(refusedWrite.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(ProcessorGroupFixture.refused(meters, "wait") - refusedBefore).isEqualTo(1);
        assertThat(meters.get("ledgerline.processor.backlog.estimated.wait.seconds").gauge().value()).isGreaterThanOrEqualTo(5);
        assertThat(backlog.cause()).isEqualTo(BacklogGate.Cause.WAIT);

        // When the processor has consumed the backlog, then writes are accepted again
        processor.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
