package dev.ledgerline.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.consume.ProjectionConsumer;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.LedgerRecord;

/*
 * Goal: while one batch is written the projection already holds the next poll; when the batch fails, those records
 * must come again, not be skipped. Method: one record per poll, so every record is its own batch and the next one is
 * in hand while it is written; an undecodable record is followed in its partition by good ones.
 */
class FailedBatchGiveBackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static ProjectionStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new ProjectionStack("give-back-test", "--ledgerline.projection.max-poll-records=1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void recordsPolledWhileAFailedBatchWasWrittenAreAppliedAfterIt() {
        // Given an undecodable record followed, in the same partition, by five good ledgers
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = "one-partition-" + run;
        List<String> ledgers = new ArrayList<>();
        stack.producer.beginTransaction();
        stack.producer.send(new ProducerRecord<>(Topics.LEDGERS, key, "\u0000not an event".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 5; i++) {
            String ledger = "ldg_after_" + i + "_" + run;
            ledgers.add(ledger);
            stack.producer.send(new ProducerRecord<>(Topics.LEDGERS, key,
                    AvroSerde.of(LedgerRecord.class).encode(Events.ledger(ledger, "After " + i))));
        }

        // When they are published together and the projection takes them one poll at a time
        stack.producer.commitTransaction();

        // Then every good ledger is readable and only the bad record was set aside
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String ledger : ledgers) {
                stack.http.get().uri("/ledgers/{id}", ledger).exchange().expectStatus().isOk();
            }
        });
        assertThat(stack.app.getBean(ProjectionConsumer.class).deadLetters().total()).isEqualTo(1);
    }
}
