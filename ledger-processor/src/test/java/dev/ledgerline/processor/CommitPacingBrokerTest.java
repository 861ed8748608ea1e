package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

import io.micrometer.core.instrument.MeterRegistry;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/*
 * Goal: with commit pacing, the processor's commits come from the pacer (and from the timers that write records),
 * not from Kafka Streams' own interval. Method: the real processor application on an embedded KRaft broker, with a
 * 10 ms light interval, a busy rate no test reaches and a 30 s busy interval, so Kafka Streams' own commit comes only
 * every 60 s. A read_committed consumer must still see, well before that: a transfer's APPLIED record (commands
 * drive the pacer), a scheduled transfer's APPLIED record (its start is fired by the deadline timer) and a seal (the
 * seal timer). Take any of the three commit requests away and its record waits for the 60 s backstop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitPacingBrokerTest {

    /** Far below Kafka Streams' own 60 s commit interval here, far above what the pacer needs. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(25);
    private static final AvroSerde<TransactionCommand> COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final AvroSerde<TransactionRecord> TRANSACTIONS = AvroSerde.of(TransactionRecord.class);
    private static final AvroSerde<SealRecord> SEALS = AvroSerde.of(SealRecord.class);

    private EmbeddedKafkaKraftBroker kafka;
    private Path stateDir;
    private ConfigurableApplicationContext app;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 6);
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        stateDir = Files.createTempDirectory("commit-pacing-test");
        app = new SpringApplicationBuilder(ProcessorApplication.class).properties(ProcessorApplication.CONFIG_NAME).run(
                "--server.port=0",
                "--ledgerline.processor.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--ledgerline.processor.state-dir=" + stateDir,
                "--ledgerline.processor.instance-id=",
                "--ledgerline.processor.commit-interval-ms=10",
                "--ledgerline.processor.commit-interval-busy-ms=30000",
                "--ledgerline.processor.commit-busy-commands-per-second=1000000000");
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
        FileSystemUtils.deleteRecursively(stateDir.toFile());
    }

    @Test
    void commands_deadlines_and_seals_are_committed_by_the_pacer_long_before_the_streams_interval() throws Exception {
        // given the processor runs with Kafka Streams committing on its own only every 60 s
        assertThat(app.getBean(LedgerStreams.class).streamsCommitIntervalMs()).isEqualTo(60_000);
        awaitRunning();
        try (KafkaConsumer<String, byte[]> transactions = consumerAtEnd(Topics.TRANSACTIONS);
             KafkaConsumer<String, byte[]> seals = consumerAtEnd(Topics.SEALS)) {
            long now = System.currentTimeMillis();
            String run = UUID.randomUUID().toString();

            // when a transfer is sent, and another scheduled to start a second later
            send(transfer(run + "-now", "@PacingA", "@PacingB", now, null));
            send(transfer(run + "-scheduled", "@PacingA", "@PacingB", now, now + 1_000));

            // then both outcomes (reference <ref>_q) are APPLIED for read_committed readers, and a seal binds the entries
            Seen<TransactionRecord> applied = awaitAll(transactions, TRANSACTIONS::decode, List.of(
                    r -> r.getReference().equals(run + "-now_q") && r.getStatus().equals("APPLIED"),
                    r -> r.getReference().equals(run + "-scheduled_q") && r.getStatus().equals("APPLIED")));
            assertThat(applied.all()).as("both transfers APPLIED; read: %s", applied.read().stream()
                    .map(r -> r.getReference() + " " + r.getStatus() + " " + r.getRejectionCode()).toList()).isTrue();
            assertThat(awaitAll(seals, SEALS::decode, List.of(seal -> !seal.getHeads().isEmpty())).all())
                    .as("a seal").isTrue();
        }
        // and the pacer says it asked for commits
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("ledgerline.processor.commits.requested").functionCounter().count()).isPositive();
    }

    private static TransactionSpec transfer(String reference, String source, String destination, long nowMs,
                                            Long scheduledForMs) {
        return LedgerDriver.spec(reference, source, destination, "125", true, spec -> spec.setCreatedAtMs(nowMs)
                .setScheduledForMs(scheduledForMs));
    }

    private void send(TransactionSpec spec) throws Exception {
        TransactionCommand command = new TransactionCommand(UUID.randomUUID().toString(), spec.getCreatedAtMs(),
                new RecordTransaction(spec, false));
        producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, spec.getTransactionId(), COMMANDS.encode(command)))
                .get();
    }

    private KafkaConsumer<String, byte[]> consumerAtEnd(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The records read until every one of {@code wanted} matched one, or {@link #VISIBLE_WITHIN} passed. */
    private static <T> Seen<T> awaitAll(KafkaConsumer<String, byte[]> consumer, Function<byte[], T> decode,
                                        List<Predicate<T>> wanted) {
        List<Predicate<T>> missing = new ArrayList<>(wanted);
        List<T> read = new ArrayList<>();
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                T value = decode.apply(record.value());
                read.add(value);
                missing.removeIf(predicate -> predicate.test(value));
            }
        }
        return new Seen<>(missing.isEmpty(), read);
    }

    private record Seen<T>(boolean all, List<T> read) {
    }

    private void awaitRunning() throws InterruptedException {
        LedgerStreams streams = app.getBean(LedgerStreams.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (streams.unhealthyReason() != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("processor not running: " + streams.unhealthyReason());
            }
            Thread.sleep(200);
        }
    }
}
