package dev.ledgerline.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.consume.ProjectionConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/*
 * Goal: no record can stall the projection. Method: the real application on a real broker and PostgreSQL;
 * records it can never apply (undecodable bytes on every public topic, text PostgreSQL refuses) are published
 * between good ones, in one transaction; the good ones must become readable, the bad ones land in the
 * dead-letter topic with their reason, and /health says DEGRADED.
 */
class PoisonRecordTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static ProjectionStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new ProjectionStack("poison-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void recordsTheProjectionCanNeverApplyAreSetAsideAndTheRecordsAfterThemAreApplied() {
        // Given a good ledger and transaction, each preceded by records the projection can never apply
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] garbage = "\u0000\u00ffnot an event".getBytes(StandardCharsets.UTF_8);
        String goodLedger = "ldg_good_" + run;
        String goodTransaction = "txn_good_" + run;
        byte[] ledgerWithNul = AvroSerde.of(LedgerRecord.class).encode(Events.ledger("ldg_nul_" + run, "bad\u0000name"));
        byte[] transactionWithNul = AvroSerde.of(TransactionRecord.class).encode(
                Events.transaction("txn_nul_" + run, "ref-nul-" + run).setDescription("a\u0000b").build());

        // When they are published in one transaction, bad ones first on each topic
        stack.producer.beginTransaction();
        for (String topic : List.of(Topics.LEDGERS, Topics.ENTRIES, Topics.TRANSACTIONS, Topics.SEALS)) {
            stack.producer.send(new ProducerRecord<>(topic, "poison-" + run, garbage));
        }
        stack.producer.send(new ProducerRecord<>(Topics.LEDGERS, "ldg_nul_" + run, ledgerWithNul));
        stack.producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, "txn_nul_" + run, transactionWithNul));
        stack.producer.send(new ProducerRecord<>(Topics.LEDGERS, goodLedger,
                AvroSerde.of(LedgerRecord.class).encode(Events.ledger(goodLedger, "Good"))));
        stack.producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, goodTransaction,
                AvroSerde.of(TransactionRecord.class).encode(Events.transaction(goodTransaction, "ref-good-" + run).build())));
        stack.producer.commitTransaction();

        // Then the good records are readable
        await().atMost(PATIENCE).untilAsserted(() -> {
            stack.http.get().uri("/ledgers/{id}", goodLedger).exchange().expectStatus().isOk();
            stack.http.get().uri("/transactions/{id}", goodTransaction).exchange().expectStatus().isOk();
        });
        // And the bad ones are not, and are in the dead-letter topic, whole, with their source and reason
        stack.http.get().uri("/ledgers/{id}", "ldg_nul_" + run).exchange().expectStatus().isNotFound();
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(6);
        assertThat(letters).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON).orElseThrow())
                .containsExactlyInAnyOrder("UNDECODABLE", "UNDECODABLE", "UNDECODABLE", "UNDECODABLE",
                        "REFUSED_BY_STORE", "REFUSED_BY_STORE");
        assertThat(letters).allSatisfy(r ->
                assertThat(DeadLetters.header(r.headers(), DeadLetters.CONSUMER)).contains("projection-service"));
        assertThat(letters).filteredOn(r -> r.key().equals("txn_nul_" + run)).singleElement()
                .satisfies(r -> {
                    assertThat(r.value()).isEqualTo(transactionWithNul);
                    assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).contains(Topics.TRANSACTIONS);
                    assertThat(DeadLetters.header(r.headers(), DeadLetters.DETAIL).orElseThrow()).contains("22021");
                });
        // And the service says so: counted, and /health DEGRADED (still 200) naming the dead-letter topic
        assertThat(stack.app.getBean(ProjectionConsumer.class).deadLetters().total()).isEqualTo(6);
        stack.http.get().uri("/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("DEGRADED")
                .jsonPath("$.reason").value(reason -> assertThat((String) reason).contains("ledger.dead-letters"));
        assertThat(stack.app.getBean(MeterRegistry.class).find("ledgerline.dead.letters")
                .tag("consumer", "projection-service").counters())
                .extracting(counter -> counter.getId().getTag("topic") + " " + counter.getId().getTag("reason")
                        + " " + (long) counter.count())
                .containsExactlyInAnyOrder(Topics.LEDGERS + " UNDECODABLE 1", Topics.ENTRIES + " UNDECODABLE 1",
                        Topics.TRANSACTIONS + " UNDECODABLE 1", Topics.SEALS + " UNDECODABLE 1",
                        Topics.LEDGERS + " REFUSED_BY_STORE 1", Topics.TRANSACTIONS + " REFUSED_BY_STORE 1");
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props)) {
            reader.subscribe(List.of(Topics.DEAD_LETTERS));
            await().atMost(PATIENCE).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(letters::add);
                return letters.size() >= expected;
            });
        }
        return letters;
    }
}
