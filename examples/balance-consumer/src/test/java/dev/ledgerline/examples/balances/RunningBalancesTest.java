package dev.ledgerline.examples.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.EntryKind;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** RunningBalances against a real (embedded KRaft) broker fed with real Avro entries, transactionally. */
class RunningBalancesTest {

    private static EmbeddedKafkaKraftBroker kafka;
    private static final AvroSerde<BalanceEntry> ENTRIES = AvroSerde.of(BalanceEntry.class);

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3, Topics.ENTRIES);
        kafka.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        kafka.destroy();
    }

    @Test
    void keepsTheLatestBalancePerBalanceAndNeverSeesAnAbortedTransaction() {
        String a = "bln_a_" + UUID.randomUUID();
        String b = "bln_b_" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // committed: a opens, is credited 100, debited 30; b opens, is credited 30 in the same transaction
            producer.beginTransaction();
            send(producer, entry(a, 0, EntryKind.OPEN, 0, 0, 0));
            send(producer, entry(a, 1, EntryKind.CREDIT, 100, 100, 0));
            send(producer, entry(b, 0, EntryKind.OPEN, 0, 0, 0));
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, entry(a, 2, EntryKind.DEBIT, 30, 100, 30));
            send(producer, entry(b, 1, EntryKind.CREDIT, 30, 30, 0));
            producer.commitTransaction();
            // aborted: an attempt that must never be seen (it would also be a version gap)
            producer.beginTransaction();
            send(producer, entry(a, 7, EntryKind.DEBIT, 1_000, 100, 1_030));
            producer.flush();
            producer.abortTransaction();
            // committed after the abort
            producer.beginTransaction();
            send(producer, entry(b, 2, EntryKind.CREDIT, 5, 35, 0));
            producer.commitTransaction();
        }

        try (RunningBalances running = new RunningBalances(kafka.getBrokersAsString(), "test-" + UUID.randomUUID())) {
            pollUntil(running, () -> Long.valueOf(2).equals(running.version(b)) && Long.valueOf(2).equals(running.version(a)));

            assertThat(running.balance(a)).isEqualTo(BigInteger.valueOf(70));
            assertThat(running.balance(b)).isEqualTo(BigInteger.valueOf(35));
            // nothing else arrives: the aborted v7 is skipped by read_committed
            for (int i = 0; i < 4; i++) {
                running.poll(Duration.ofMillis(250));
            }
            assertThat(running.version(a)).isEqualTo(2);
        }
    }

    @Test
    void refusesAVersionGap() {
        String c = "bln_c_" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.beginTransaction();
            send(producer, entry(c, 0, EntryKind.OPEN, 0, 0, 0));
            send(producer, entry(c, 2, EntryKind.CREDIT, 5, 5, 0));
            producer.commitTransaction();
        }
        try (RunningBalances running = new RunningBalances(kafka.getBrokersAsString(), "test-" + UUID.randomUUID())) {
            assertThatThrownBy(() -> pollUntil(running, () -> false))
                    .isInstanceOf(RunningBalances.GapException.class)
                    .hasMessageContaining(c).hasMessageContaining("expected version 1 but got 2");
        }
    }

    private static void pollUntil(RunningBalances running, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            running.poll(Duration.ofMillis(200));
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        return producer;
    }

    private static void send(KafkaProducer<String, byte[]> producer, BalanceEntry entry) {
        producer.send(new ProducerRecord<>(Topics.ENTRIES, entry.getBalanceId(), ENTRIES.encode(entry)));
    }

    private static BalanceEntry entry(String balanceId, long version, EntryKind kind, long amount, long credit, long debit) {
        return BalanceEntry.newBuilder()
                .setBalanceId(balanceId).setVersion(version).setKind(kind)
                .setLedgerId("ldg_test").setCurrency("USD").setIndicator(null).setIdentityId("")
                .setTransactionId(version == 0 ? null : "txn_" + version)
                .setAmount(Long.toString(amount)).setBalance(Long.toString(credit - debit))
                .setCreditBalance(Long.toString(credit)).setDebitBalance(Long.toString(debit))
                .setMetaDataJson("{}").setBalanceCreatedAtMs(0L).setRecordedAtMs(version).setEffectiveAtMs(version)
                .setPrevHash("0".repeat(64)).setHash(Long.toString(version).repeat(64).substring(0, 64))
                .build();
    }
}
