package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.StringJoiner;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ledgerline.schemas.Topics;

/*
 * Goal: between two checks the gate counts what it lets in, so one opening cannot admit more work than the wait limit
 * allows (a warm gateway accepts bulk requests within milliseconds of a Retry-After: each opening let in several
 * checks' worth). Method: the gateway on a real embedded broker with only a wait limit (5 s) and a check interval of
 * an hour, so that nothing but the test's own calls of measure() looks at the queues; no processor runs. The test
 * plays a processor that decides about 1,000 transfers per second (records on ledger.transactions while the group
 * moves through a queue), lets it catch up, then posts bulk requests of 1,000 transfers one after another.
 */
class BackpressureAdmissionHttpApiTest extends GatewayBackpressureTest {

    private static final String GROUP = "backpressure-admission-test-processor";
    private static final int BULK_ITEMS = 1_000;

    @DynamicPropertySource
    static void waitLimitAndNoScheduledChecks(DynamicPropertyRegistry registry) {
        limits(registry, GROUP, Map.of("max-backlog-records", "0", "max-oldest-age", "0", "max-projection-lag", "0",
                "max-estimated-wait", "5s", "check-interval", "1h"));
    }

    @Override
    ProcessorGroupFixture group() {
        return new ProcessorGroupFixture(GROUP);
    }

    @Test
    void anOpenGateRefusesWritesOnceWhatItLetInSinceItsLastCheckReachesTheWaitLimit() throws Exception {
        // Given a processor measured deciding about 1,000 transfers per second, which then caught up
        aProcessorDecidingAboutAThousandTransfersPerSecond();
        group.catchUp();
        backlog.measure();
        assertThat(backlog.overLimit()).isFalse();

        // When bulk requests of 1,000 transfers are posted one after another, with no check in between
        double refusedBefore = ProcessorGroupFixture.refused(meters, "wait");
        int accepted = 0;
        int status = 201;
        while (status == 201 && accepted < 20) {
            status = ProcessorGroupFixture.post(http, "/transactions/bulk", bulk("burst-" + accepted)).getStatus().value();
            if (status == 201) {
                accepted++;
            }
        }

        // Then the gate refuses once about 5 s of work (5,000 transfers at the measured rate) was let in: not after
        // the first request, and long before 20 (without the count, all 20 pass until the next check)
        assertThat(status).isEqualTo(503);
        assertThat(accepted).isBetween(2, 10);
        assertThat(backlog.cause()).isEqualTo(BacklogGate.Cause.WAIT);
        assertThat(ProcessorGroupFixture.refused(meters, "wait") - refusedBefore).isEqualTo(1);

        // When the processor has decided what was let in and the next check sees nothing waiting, then writes pass
        group.catchUp();
        backlog.measure();
        assertThat(ProcessorGroupFixture.post(http, "/transactions", ProcessorGroupFixture.transfer("after"))
                .getStatus().value()).isEqualTo(201);
    }

    /**
     * Ten thousand records wait on the entry queue; three times, 1,000 records are added to ledger.transactions (500
     * transfers decided: QUEUED and outcome) while the group moves on by 1,000, then the gateway checks 500 ms later.
     */
    private void aProcessorDecidingAboutAThousandTransfersPerSecond() throws Exception {
        group.catchUp();
        try (KafkaProducer<String, byte[]> producer = ProcessorGroupFixture.producer()) {
            for (int i = 0; i < 10_000; i++) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, 0, "queued-" + i, new byte[] {1}));
            }
            producer.flush();
            long position = group.endOffset(Topics.TRANSACTION_COMMANDS, 0) - 10_000;
            backlog.measure();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 1_000; i++) {
                    producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, 0, "decided-" + round + "-" + i,
                            new byte[] {1}));
                }
                producer.flush();
                position += 1_000;
                group.moveTo(Topics.TRANSACTION_COMMANDS, 0, position);
                Thread.sleep(500);
                backlog.measure();
            }
        }
    }

    private static String bulk(String prefix) {
        StringJoiner items = new StringJoiner(",", "{\"transactions\":[", "]}");
        for (int i = 0; i < BULK_ITEMS; i++) {
            items.add(ProcessorGroupFixture.transfer(prefix + "-" + i));
        }
        return items.toString();
    }
}
