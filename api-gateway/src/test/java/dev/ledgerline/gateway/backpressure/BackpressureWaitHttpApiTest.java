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
 * Goal: a backlog the processor consumes too slowly stops new work before it is deep or old: the estimated wait (backlog
 * ÷ recent consumption rate) is a limit of its own, for bulk batches of thousands of transfers that are one record
 * each. Method: the gateway on a real embedded broker with no depth, age or projection limit and a wait limit of 5 s;
 * no processor runs; the processor's consumer group is moved by hand, 10 records at a time, through 1,000 records
 * waiting (at most 10 records per check interval of 100 ms, so at most 100 per second: at least 9.9 s of wait).
 */
class BackpressureWaitHttpApiTest extends GatewayBackpressureTest {

    private static final String GROUP = "backpressure-wait-test-processor";
    private static final int WAITING = 1_000;

    @DynamicPropertySource
    static void waitLimitOnly(DynamicPropertyRegistry registry) {
        limits(registry, GROUP, Map.of("max-backlog-records", "0", "max-oldest-age", "0", "max-projection-lag", "0", "max-estimated-wait", "5s"));
    }

    @Override
    ProcessorGroupFixture group() {
        return new ProcessorGroupFixture(GROUP);
    }

    @Test
    void aBacklogConsumedTooSlowlyTurnsBackpressureOnForTheWaitUntilItIsConsumed() throws Exception {
        // Given the processor has processed everything
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("before")).getStatus().value()).isEqualTo(201);
        group.catchUp();

        // When 1,000 records wait on one partition and the processor moves through them 10 at a time
        try (KafkaProducer<String, byte[]> producer = ProcessorGroupFixture.producer()) {
            for (int i = 0; i < WAITING; i++) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, 0, "slow-" + i, new byte[] {1}));
            }
            producer.flush();
        }
        long end = group.endOffset(Topics.TRANSACTION_COMMANDS, 0);
        long position = end - WAITING;
        group.moveTo(Topics.TRANSACTION_COMMANDS, 0, position);
        while (!backlog.overLimit() && position < end - 100) {
            Thread.sleep(150); // more than a check interval: every move is seen in an interval that began with a backlog
            position += 10;
            group.moveTo(Topics.TRANSACTION_COMMANDS, 0, position);
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
        group.catchUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> !backlog.overLimit());
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after")).getStatus().value()).isEqualTo(201);
    }
}
