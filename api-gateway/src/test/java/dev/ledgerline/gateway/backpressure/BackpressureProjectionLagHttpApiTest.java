package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.ledgerline.schemas.Topics;

/*
 * Goal: accepting work faster than it becomes readable only grows the read model's lag, so the projection's lag is a
 * limit of its own. Method: the gateway on a real embedded broker with only a projection-lag limit of 30 s; one event
 * written with a timestamp ten minutes old waits behind the projection's consumer group (no projection runs; the
 * group is moved by hand).
 */
class BackpressureProjectionLagHttpApiTest extends GatewayBackpressureTest {

    private static final String GROUP = "backpressure-lag-test-projection";

    @DynamicPropertySource
    static void projectionLagLimitOnly(DynamicPropertyRegistry registry) {
        limits(registry, "backpressure-lag-test-processor", Map.of("max-backlog-records", "0", "max-oldest-age", "0", "max-projection-lag", "30s", "projection-group-id", GROUP));
    }

    @Override
    ProcessorGroupFixture group() {
        return new ProcessorGroupFixture(GROUP, Topics.PROJECTION_INPUTS);
    }

    @Test
    void anEventTheProjectionHasNotWrittenForLongerThanTheLimitTurnsBackpressureOnUntilItIsWritten() throws Exception {
        // Given the projection has written everything
        group.catchUp();
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
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
