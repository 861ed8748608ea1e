package dev.ledgerline.projection;

import static dev.ledgerline.projection.Events.ledger;
import static dev.ledgerline.projection.Events.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.consume.ProjectionConsumer;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/*
 * Goal: GET /queues and the ledgerline_queue_* / ledgerline_queued_* / ledgerline_projection_lag_*
 * gauges show work waiting for the processor, transactions waiting for an outcome and events waiting
 * for the projection, and go back to zero once that work is done.
 * Method: the running projection on a real broker and PostgreSQL (ProjectionStack). No processor runs
 * in this module, so its consumer group is played by a real Kafka consumer of that group that reads the
 * commands and commits, as Kafka Streams does after processing; the end-to-end variant with the real
 * processor is integration-tests' QueueViewsIT.
 */
class QueueViewsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROCESSOR_GROUP = "processor-" + UUID.randomUUID();

    private static ProjectionStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new ProjectionStack("queue-views-test", "--ledgerline.processor.application-id=" + PROCESSOR_GROUP,
                "--ledgerline.queues.refresh-interval-ms=200");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void commands_nobody_processes_pile_up_per_partition_and_are_gone_once_the_processor_group_commits() {
        // given five transaction commands, written in two transactions, and no processor running
        produceCommands(2);
        produceCommands(3);

        // then /queues and the depth gauges show the five waiting on ledger.transaction-commands, with an age
        JsonNode waiting = awaitQueues(q -> q.at("/processor/total").asLong() == 5);
        assertThat(waiting.at("/processor/group_id").asString()).isEqualTo(PROCESSOR_GROUP);
        long onCommands = 0;
        for (JsonNode partition : waiting.at("/processor/partitions")) {
            if (partition.get("topic").asString().equals(Topics.TRANSACTION_COMMANDS)) {
                onCommands += partition.get("depth").asLong();
            }
        }
        assertThat(onCommands).isEqualTo(5);
        assertThat(waiting.at("/processor/oldest_age_seconds").asDouble()).isGreaterThan(0);
        awaitSum("ledgerline_queue_depth", Topics.TRANSACTION_COMMANDS, sum -> assertThat(sum).isEqualTo(5));
        awaitSum("ledgerline_queue_oldest_age_seconds", Topics.TRANSACTION_COMMANDS,
                sum -> assertThat(sum).isGreaterThan(0));

        // when a member of the processor's group reads them and commits after each record (last offset + 1,
        // so the commit markers behind them stay "uncommitted")
        consumeAndCommitAsProcessor(5);

        // then nothing waits any more
        JsonNode drained = awaitQueues(q -> q.at("/processor/total").asLong() == 0);
        assertThat(drained.at("/processor/oldest_age_seconds").asDouble()).isZero();
        awaitSum("ledgerline_queue_depth", Topics.TRANSACTION_COMMANDS, sum -> assertThat(sum).isZero());
    }

    @Test
    void a_queued_transaction_is_counted_with_its_age_until_its_outcome_record_arrives() {
        // given a QUEUED record accepted five seconds ago and no outcome for it
        String queuedId = "txn_" + UUID.randomUUID();
        String reference = "queued-" + UUID.randomUUID();
        long acceptedAt = System.currentTimeMillis() - 5_000;
        publishTransaction(transaction(queuedId, reference).setCreatedAtMs(acceptedAt).build());

        // then it is counted, and the oldest queued age is at least five seconds
        JsonNode queued = awaitQueues(q -> q.at("/queued_transactions/count").asLong() == 1);
        assertThat(queued.at("/queued_transactions/oldest_age_seconds").asDouble()).isGreaterThanOrEqualTo(5);
        assertThat(gauge("ledgerline_queued_transactions")).isEqualTo(1);
        assertThat(gauge("ledgerline_queued_oldest_age_seconds")).isGreaterThanOrEqualTo(5);

        // when its APPLIED outcome (<reference>_q, parent = the QUEUED record) arrives
        publishTransaction(transaction("txn_" + UUID.randomUUID(), reference + "_q").setStatus("APPLIED")
                .setParentTransaction(queuedId).setCreatedAtMs(System.currentTimeMillis()).build());

        // then nothing is queued any more
        JsonNode settled = awaitQueues(q -> q.at("/queued_transactions/count").asLong() == 0);
        assertThat(settled.at("/queued_transactions/oldest_age_seconds").asDouble()).isZero();
        assertThat(gauge("ledgerline_queued_transactions")).isZero();
    }

    @Test
    void events_the_stopped_projection_has_not_written_show_as_its_lag_until_it_catches_up() {
        ProjectionConsumer consumer = stack.app.getBean(ProjectionConsumer.class);
        awaitQueues(q -> q.at("/projection/total").asLong() == 0 && q.at("/projection/error").isNull());
        consumer.stop();
        try {
            // given three ledgers published while the projection's consumer is stopped
            List<String> ids = List.of("ldg_" + UUID.randomUUID(), "ldg_" + UUID.randomUUID(), "ldg_" + UUID.randomUUID());
            AvroSerde<LedgerRecord> serde = AvroSerde.of(LedgerRecord.class);
            stack.producer.beginTransaction();
            ids.forEach(id -> stack.producer.send(new ProducerRecord<>(Topics.LEDGERS, id, serde.encode(ledger(id, "lag")))));
            stack.producer.commitTransaction();

            // then the projection's lag is those three events, with an age
            JsonNode lagging = awaitQueues(q -> q.at("/projection/total").asLong() == 3);
            assertThat(lagging.at("/projection/oldest_age_seconds").asDouble()).isGreaterThan(0);
            awaitSum("ledgerline_projection_lag_records", Topics.LEDGERS, sum -> assertThat(sum).isEqualTo(3));
            assertThat(gauge("ledgerline_projection_lag_seconds")).isGreaterThan(0);
        } finally {
            // when the consumer runs again
            consumer.start();
        }

        // then the lag is gone
        JsonNode caughtUp = awaitQueues(q -> q.at("/projection/total").asLong() == 0);
        assertThat(caughtUp.at("/projection/oldest_age_seconds").asDouble()).isZero();
        assertThat(gauge("ledgerline_projection_lag_seconds")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private static void produceCommands(int count) {
        stack.producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            String key = "txn_" + UUID.randomUUID();
            stack.producer.send(new ProducerRecord<>(Topics.TRANSACTION_COMMANDS, key, key.getBytes()));
        }
        stack.producer.commitTransaction();
    }

    private static void publishTransaction(TransactionRecord record) {
        stack.producer.beginTransaction();
        stack.producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, record.getTransactionId(),
                AvroSerde.of(TransactionRecord.class).encode(record)));
        stack.producer.commitTransaction();
    }

    private static void consumeAndCommitAsProcessor(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, PROCESSOR_GROUP);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.TRANSACTION_COMMANDS));
            int read = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
                    read++;
                }
            }
            assertThat(read).isEqualTo(expected);
        }
    }

    private static JsonNode awaitQueues(java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = queues();
            assertThat(done.test(last[0])).as("GET /queues: %s", last[0]).isTrue();
        });
        return last[0];
    }

    private static JsonNode queues() {
        String body = stack.http.get().uri("/queues").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    /** The service's own Prometheus registry, scraped as text (whatever HTTP path serves it). */
    private static String scrape() {
        return stack.app.getBean(PrometheusMeterRegistry.class).scrape();
    }

    private static double gauge(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape());
        assertThat(m.find()).as("%s in the scrape", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * Waits until a per-partition gauge has its six rows for {@code topic} and their sum passes {@code check}: the rows
     * are registered right after the refresh that /queues already shows, so a scrape can come between the two.
     */
    private static void awaitSum(String name, String topic, java.util.function.DoubleConsumer check) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> check.accept(sumOf(name, topic)));
    }

    /** Sum of a per-partition gauge over the partitions of one topic. */
    private static double sumOf(String name, String topic) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(scrape());
        double sum = 0;
        int rows = 0;
        while (m.find()) {
            if (m.group(1).contains("topic=\"" + topic + "\"")) {
                sum += Double.parseDouble(m.group(2));
                rows++;
            }
        }
        assertThat(rows).as("%s rows for %s", name, topic).isEqualTo(6);
        return sum;
    }
}
