package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import dev.ledgerline.gateway.support.TopicTap;
import dev.ledgerline.schemas.Topics;

/*
 * Goal: the gateway stops accepting new work while the processor is behind, and takes it again once it caught up.
 * Method: the gateway on a real embedded broker with a backlog limit of 5 records; the processor's consumer group
 * (no processor runs) is moved by hand: its committed offsets set to the end (caught up), then records added
 * behind it (behind), then moved to the end again.
 */
class BackpressureHttpApiTest extends GatewayBackpressureTest {

    private static final String GROUP = "backpressure-test-processor";

    @DynamicPropertySource
    static void smallLimit(DynamicPropertyRegistry registry) {
        limits(registry, GROUP, Map.of("max-backlog-records", "5"));
    }

    @Override
    ProcessorGroupFixture group() {
        return new ProcessorGroupFixture(GROUP);
    }

    @Test
    void newTransactionWritesAre503WhileTheProcessorIsBehindAndAcceptedAgainOnceItCaughtUp() throws Exception {
        // Given the processor has processed everything
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("before")).getStatus().value()).isEqualTo(201);

        // When ten records wait behind it on one partition
        try (KafkaProducer<String, byte[]> producer = ProcessorGroupFixture.producer()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, 0, "waiting-" + i, new byte[] {1})).get();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog.overLimit());

        // Then new transactions, bulk batches and refunds are refused with Blnk's code and a Retry-After, and nothing
        // is published
        double refusedBefore = ProcessorGroupFixture.refused(meters, "limit");
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            for (String path : List.of("/transactions", "/transactions/bulk", "/refund-transaction/txn_x")) {
                EntityExchangeResult<String> refused = ProcessorGroupFixture.post(http, path, path.equals("/transactions/bulk")
                        ? "{\"transactions\":[" + ProcessorGroupFixture.transfer("bulk") + "]}" : ProcessorGroupFixture.transfer("during"));
                assertThat(refused.getStatus().value()).as(path).isEqualTo(503);
                assertThat(refused.getResponseBody()).contains("\"code\":\"QUEUE_BACKPRESSURE\"");
                assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
            }
            assertThat(tap.drain(Duration.ofMillis(500))).isEmpty();
        }
        assertThat(ProcessorGroupFixture.refused(meters, "limit") - refusedBefore).isEqualTo(3);
        // And a void of an existing hold and a read are not refused for it (no projection runs here: they fail
        // for that, not for the backlog)
        assertThat(http.put().uri("/transactions/inflight/txn_x").header("Content-Type", "application/json")
                .bodyValue("{\"status\":\"void\"}").exchange().expectBody(String.class).returnResult().getResponseBody())
                .doesNotContain("QUEUE_BACKPRESSURE");
        assertThat(http.get().uri("/transactions/txn_x").exchange().expectBody(String.class).returnResult()
                .getResponseBody()).doesNotContain("QUEUE_BACKPRESSURE");
        assertThat(ProcessorGroupFixture.refused(meters, "limit") - refusedBefore).isEqualTo(3);

        // When the processor catches up
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());

        // Then writes are accepted again
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
