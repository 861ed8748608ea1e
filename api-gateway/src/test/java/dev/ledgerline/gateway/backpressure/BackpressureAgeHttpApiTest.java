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
 * Goal: a backlog that is short but old also stops new work: the oldest waiting record's age is a limit of its own
 * (Ledgerline's addition to Blnk's depth limit). Method: the gateway on a real embedded broker with no depth or wait
 * limit and an age limit of 30 s; one record written with a timestamp ten minutes old waits behind the processor's consumer
 * group (no processor runs; the group is moved by hand).
 */
class BackpressureAgeHttpApiTest extends GatewayBackpressureTest {

    private static final String GROUP = "backpressure-age-test-processor";

    @DynamicPropertySource
    static void ageLimitOnly(DynamicPropertyRegistry registry) {
        // no wait limit either: for its first 5 s the record's age also floors the estimated wait (the group had just
        // moved, so the processor does not count as stalled yet), and this test is about the age limit alone
        limits(registry, GROUP, Map.of("max-backlog-records", "0", "max-oldest-age", "30s", "max-estimated-wait", "0"));
    }

    @Override
    ProcessorGroupFixture group() {
        return new ProcessorGroupFixture(GROUP);
    }

    @Test
    void oneRecordWaitingLongerThanTheAgeLimitTurnsBackpressureOnUntilItIsProcessed() throws Exception {
        // Given the processor has processed everything
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("before")).getStatus().value()).isEqualTo(201);
        // (and that write too: the age is the first waiting record's, so a fresh one ahead of the old one hides it)
        group.catchUp();

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
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
