package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.webhooks.WebhookDeadLetterMain;
import dev.ledgerline.projection.webhooks.WebhookDeadLetterTool;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BatchOutcomeRecord;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.databind.JsonNode;

/*
 * Goal: a receiver written for Blnk gets every ledger event as a signed Blnk webhook, in order per partition, even
 * when it is down for a while; an event it refuses ends in the dead-letter topic and arrives after a redelivery.
 * Method: the whole stack with BLNK_WEBHOOK_URL, a header and a secret key set (short backoff, 3 attempts), a JDK
 * HttpServer receiver that verifies each signature, stopped in the middle of the traffic and started again. The
 * expected events are read from the public topics independently of the delivery code (their ids are the records'
 * positions), so a missing event, a foreign one or a reordering would show.
 */
class WebhookDeliveryIT {

    private static final String SECRET = "webhook-it-secret-" + UUID.randomUUID();
    private static final String RECEIVER_TOKEN = "receiver-token-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String HUGE = "123456789012345678901234567890";
    private static final Set<String> ANNOUNCED_STATUSES = Set.of("APPLIED", "INFLIGHT", "VOID", "REJECTED");

    private static WebhookReceiver receiver;
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStackAndReceiver() throws Exception {
        int port = LoopbackPorts.free();
        receiver = new WebhookReceiver(port, SECRET);
        receiver.start();
        stack = LedgerlineStack.get(List.of(
                "--blnk.notification.webhook.url=http://127.0.0.1:" + port + "/hook",
                "--blnk.notification.webhook.headers[X-Receiver-Token]=" + RECEIVER_TOKEN,
                "--blnk.server.secret-key=" + SECRET,
                "--ledgerline.webhooks.backoff-initial=100ms",
                "--ledgerline.webhooks.backoff-max=1s",
                "--ledgerline.webhooks.max-attempts=3"));
        ledger = new Ledger(stack);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        LedgerlineStack.stop();
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void everyEventArrivesSignedInOrderAcrossAReceiverOutageAndARefusedOneArrivesAfterRedelivery() throws Exception {
        // Given a funded balance and a second one; the receiver refuses the event of one marked transfer
        String run = UUID.randomUUID().toString().substring(0, 8);
        String refusedReference = "refuse-me-" + run;
        receiver.refuse(body -> body.contains(refusedReference));
        String alice = ledger.fundedBalance("100000000000000000000000000000000");
        String bob = ledger.createBalance(ledger.createLedger("webhooks-" + run), "USD");

        // When transfers flow (one of them huge, one refused by the receiver, one rejected by the ledger)
        ledger.postTransaction(run + "-huge", alice, bob, HUGE, false);
        ledger.postTransaction(refusedReference, alice, bob, "7", false);
        for (int i = 0; i < 10; i++) {
            ledger.postTransaction(run + "-before-" + i, alice, bob, "1", false);
        }
        ledger.awaitOutcome(run + "-before-9");

        // Then the refused event is in the dead-letter topic once it had its three attempts (all refused: the
        // receiver is up until it is set aside, so no attempt of it meets the outage below)
        WebhookDeadLetterTool tool = new WebhookDeadLetterTool(stack.bootstrapServers());
        WebhookDeadLetterTool.DeadLetter dead = awaitDeadLetter(tool, refusedReference);
        assertThat(dead.event()).isEqualTo("transaction.applied");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(receiver.deliveries()).filteredOn(d -> d.eventId().equals(dead.eventId()))
                .hasSize(3).allSatisfy(d -> assertThat(d.answered()).isEqualTo(400));

        // When the receiver goes down in the middle of the traffic, while ten more transfers and a rejection happen
        receiver.stop();
        for (int i = 0; i < 10; i++) {
            ledger.postTransaction(run + "-down-" + i, alice, bob, "1", false);
        }
        ledger.postTransaction(run + "-rejected", bob, alice, "999999999999999999999999999999999999", false);
        assertThat(ledger.awaitOutcome(run + "-rejected").get("status").asString()).isEqualTo("REJECTED");
        ledger.awaitOutcome(run + "-down-9");
        // and comes back
        receiver.start();
        for (int i = 0; i < 5; i++) {
            ledger.postTransaction(run + "-after-" + i, alice, bob, "1", false);
        }
        ledger.awaitOutcome(run + "-after-4");
        stack.awaitQuietLog();

        // And when the receiver accepts the refused event now and the documented command redelivers it
        receiver.refuse(body -> false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = WebhookDeadLetterMain.run(new String[] {"redeliver", dead.address(), "--bootstrap-servers",
                stack.bootstrapServers()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();

        // Then every event of the log reached the receiver, the refused one included, under its own id
        Map<String, String> expected = expectedEvents();
        Map<String, WebhookReceiver.Delivery> accepted = awaitAccepted(expected.keySet());
        assertThat(accepted.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, name) -> assertThat(accepted.get(id).event()).as(id).isEqualTo(name));
        assertThat(accepted.get(dead.eventId()).body()).contains(refusedReference);

        // And every request was signed validly and carried the configured header
        List<WebhookReceiver.Delivery> all = receiver.deliveries();
        assertThat(all).allSatisfy(d -> {
            assertThat(d.signatureValid()).as(d.eventId()).isTrue();
            assertThat(d.customHeader()).isEqualTo(RECEIVER_TOKEN);
        });

        // And no event was accepted twice (the receiver answered each before it went down)
        Map<String, Long> acceptedCounts = all.stream().filter(d -> d.answered() == 200)
                .collect(Collectors.groupingBy(WebhookReceiver.Delivery::eventId, Collectors.counting()));
        assertThat(acceptedCounts).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));

        // And per partition the events arrived in log order (the redelivered one aside, which comes when asked)
        Map<String, List<Long>> offsetsByPartition = new TreeMap<>();
        for (WebhookReceiver.Delivery delivery : all) {
            if (delivery.answered() == 200 && !delivery.eventId().equals(dead.eventId())) {
                int cut = delivery.eventId().lastIndexOf('-');
                offsetsByPartition.computeIfAbsent(delivery.eventId().substring(0, cut), p -> new ArrayList<>())
                        .add(Long.parseLong(delivery.eventId().substring(cut + 1)));
            }
        }
        offsetsByPartition.forEach((partition, offsets) -> assertThat(offsets).as(partition).isSorted());

        // And money is exact in the body: the huge transfer's amount as the integer it is
        WebhookReceiver.Delivery huge = accepted.values().stream()
                .filter(d -> d.body().contains("\"" + run + "-huge_q\"")).findFirst().orElseThrow();
        assertThat(huge.body()).contains("\"precise_amount\":" + HUGE + ",");
        JsonNode rejected = accepted.values().stream()
                .filter(d -> d.body().contains("\"" + run + "-rejected_q\"")).map(d -> Http.JSON.readTree(d.body()))
                .findFirst().orElseThrow();
        assertThat(rejected.get("event").asString()).isEqualTo("transaction.rejected");
        assertThat(rejected.get("data").get("meta_data").has("blnk_rejection_reason")).isTrue();

        // And the projection's /metrics counts deliveries, retries and the dead letter, shows the undelivered age,
        // and never the secret or the header value
        Http.Response metrics = Http.await(stack.projection() + "/metrics",
                r -> r.status() == 200 && r.raw().contains("ledgerline_webhook_oldest_undelivered_age_seconds"),
                PATIENCE);
        assertThat(metrics.raw())
                .containsPattern("ledgerline_webhook_deliveries_total\\{[^}]*event=\"transaction.applied\"[^}]*"
                        + "outcome=\"delivered\"")
                .containsPattern("ledgerline_webhook_deliveries_total\\{[^}]*outcome=\"unavailable\"")
                .containsPattern("ledgerline_webhook_dead_letters_total\\{[^}]*event=\"transaction.applied\"[^}]*"
                        + "reason=\"refused\"[^}]*} 1.0")
                .contains("ledgerline_webhook_retries_total", "ledgerline_webhook_delivery_duration_seconds_bucket",
                        "ledgerline_webhook_backlog_records")
                .doesNotContain(SECRET, RECEIVER_TOKEN);
        // and /queues shows the webhook group's backlog beside the projection's
        Http.Response queues = Http.get(stack.projection() + "/queues");
        assertThat(queues.body().get("webhooks").get("group_id").asString()).isEqualTo("ledgerline-webhooks");
        // and projection-service's /monitoring page shows the webhook queue and the delivery meters (Blnk shows its
        // webhook tasks on the worker's asynqmon), never the secret or the header value
        Http.Response page = Http.get(stack.projection() + "/monitoring?refresh=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw()).contains("<h2>Webhooks</h2>", "ledgerline-webhooks", "<h2>Webhook deliveries</h2>",
                "ledgerline.webhook.deliveries", "transaction.applied", "<h2>Webhook retries and dead letters</h2>")
                .doesNotContain(SECRET, RECEIVER_TOKEN);
        Http.Response summary = Http.get(stack.projection() + "/monitoring/api/summary");
        assertThat(summary.body().get("service").asString()).isEqualTo("projection-service");
        assertThat(summary.body().get("webhooks").get("group_id").asString()).isEqualTo("ledgerline-webhooks");
    }

    @Test
    void aBulkBatchAnnouncesItsOutcomeOnceEveryItemIsDecided() throws Exception {
        // Given two balances and a run marker
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("bulk-webhooks-" + run), "USD");

        // When a run_async batch of two transfers that can both apply, and an atomic batch whose second item cannot,
        // are posted
        Http.Response applied = Http.post(ledger.url("/transactions/bulk"), "{\"run_async\":true,\"transactions\":["
                + Ledger.transferJson(run + "-ok-1", alice, bob, "10", false, "") + ","
                + Ledger.transferJson(run + "-ok-2", alice, bob, "20", false, "") + "]}");
        Http.Response failed = Http.post(ledger.url("/transactions/bulk"), "{\"atomic\":true,\"transactions\":["
                + Ledger.transferJson(run + "-atomic-1", alice, bob, "10", false, "") + ","
                + Ledger.transferJson(run + "-atomic-2", alice, bob, "999999", false, "") + "]}");
        assertThat(applied.status()).as(applied.raw()).isEqualTo(202);
        assertThat(failed.status()).as(failed.raw()).isEqualTo(201);
        String appliedBatch = applied.body().get("batch_id").asString();
        String failedBatch = failed.body().get("batch_id").asString();

        // Then each batch is announced once, signed, with Blnk's name and data
        JsonNode ok = awaitBatchEvent(appliedBatch);
        assertThat(ok.get("event").asString()).isEqualTo("bulk_transaction.applied");
        assertThat(ok.get("data").get("status").asString()).isEqualTo("applied");
        assertThat(ok.get("data").get("transaction_count").asInt()).isEqualTo(2);
        JsonNode bad = awaitBatchEvent(failedBatch);
        assertThat(bad.get("event").asString()).isEqualTo("bulk_transaction.failed");
        assertThat(bad.get("data").get("rejected_item").asInt()).isEqualTo(2);
        assertThat(bad.get("data").get("error").asString())
                .endsWith("All transactions in this batch have been rejected.");
        assertThat(receiver.deliveries()).filteredOn(d -> d.body().contains(appliedBatch) && d.answered() == 200
                && d.event().startsWith("bulk_transaction")).hasSize(1)
                .allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
    }

    @Test
    void aNewIdentityIsAnnouncedWithItsPersonalFieldsAsTokens() throws Exception {
        // Given a phone number no other test uses
        String phone = "+2348" + (100_000_000 + new java.util.Random().nextInt(800_000_000));

        // When an identity is created with it
        Http.Response created = Http.post(ledger.url("/identities"), "{\"identity_type\":\"individual\","
                + "\"first_name\":\"Ada\",\"phone_number\":\"" + phone + "\",\"city\":\"Lagos\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String identityId = created.body().get("identity_id").asString();

        // Then identity.created arrives, signed, with the phone as a token and never in clear
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        WebhookReceiver.Delivery found = null;
        while (found == null && System.nanoTime() < deadline) {
            found = receiver.deliveries().stream().filter(d -> d.answered() == 200
                    && d.event().equals("identity.created") && d.body().contains(identityId)).findFirst().orElse(null);
            Thread.sleep(250);
        }
        assertThat(found).as("identity.created for " + identityId).isNotNull();
        assertThat(found.signatureValid()).isTrue();
        JsonNode data = Http.JSON.readTree(found.body()).get("data");
        assertThat(data.get("phone_number").asString()).startsWith("tok_");
        assertThat(data.get("city").asString()).isEqualTo("Lagos");
        assertThat(receiver.deliveries()).noneMatch(d -> d.body().contains(phone));
    }

    /** The accepted {@code bulk_transaction.*} webhook of {@code batchId}. */
    private static JsonNode awaitBatchEvent(String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (WebhookReceiver.Delivery delivery : receiver.deliveries()) {
                if (delivery.answered() == 200 && delivery.event().startsWith("bulk_transaction.")
                        && delivery.body().contains("\"" + batchId + "\"")) {
                    return Http.JSON.readTree(delivery.body());
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no bulk_transaction webhook for " + batchId);
    }

    private static WebhookDeadLetterTool.DeadLetter awaitDeadLetter(WebhookDeadLetterTool tool, String marker)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (WebhookDeadLetterTool.DeadLetter letter : tool.list(Duration.ofSeconds(30))) {
                if (new String(letter.body(), StandardCharsets.UTF_8).contains(marker)) {
                    return letter;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no dead letter holds " + marker);
    }

    /** The receiver's accepted deliveries by event id, once every expected id has been accepted. */
    private static Map<String, WebhookReceiver.Delivery> awaitAccepted(Set<String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, WebhookReceiver.Delivery> accepted = Map.of();
        while (System.nanoTime() < deadline) {
            accepted = new LinkedHashMap<>();
            for (WebhookReceiver.Delivery delivery : receiver.deliveries()) {
                if (delivery.answered() == 200) {
                    accepted.putIfAbsent(delivery.eventId(), delivery);
                }
            }
            if (accepted.keySet().containsAll(expected)) {
                return accepted;
            }
            Thread.sleep(250);
        }
        return accepted;
    }

    /**
     * Blnk's catalogue applied to the log, written out here on its own: a ledger's first record is ledger.created, every
     * OPEN entry balance.created, every APPLIED/INFLIGHT/VOID/REJECTED record transaction.&lt;status&gt;, every batch
     * outcome bulk_transaction.&lt;status&gt;. Keyed by
     * {@code topic-partition-offset}.
     */
    private static Map<String, String> expectedEvents() {
        AvroSerde<BalanceEntry> entries = AvroSerde.of(BalanceEntry.class);
        AvroSerde<TransactionRecord> transactions = AvroSerde.of(TransactionRecord.class);
        AvroSerde<BatchOutcomeRecord> batches = AvroSerde.of(BatchOutcomeRecord.class);
        AvroSerde<LedgerRecord> ledgers = AvroSerde.of(LedgerRecord.class);
        AvroSerde<IdentityRecord> identities = AvroSerde.of(IdentityRecord.class);
        Map<String, String> expected = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readAll(List.of(Topics.LEDGERS, Topics.ENTRIES,
                Topics.TRANSACTIONS, Topics.BATCH_OUTCOMES, Topics.IDENTITIES))) {
            String id = record.topic() + "-" + record.partition() + "-" + record.offset();
            switch (record.topic()) {
                case Topics.LEDGERS -> {
                    if (ledgers.decode(record.value()).getVersion() == 0) {
                        expected.put(id, "ledger.created");
                    }
                }
                case Topics.ENTRIES -> {
                    if (entries.decode(record.value()).getKind() == EntryKind.OPEN) {
                        expected.put(id, "balance.created");
                    }
                }
                case Topics.IDENTITIES -> {
                    IdentityRecord identity = identities.decode(record.value());
                    if (identity.getVersion() == 0 && !identity.getDeleted()) {
                        expected.put(id, "identity.created");
                    }
                }
                case Topics.BATCH_OUTCOMES -> expected.put(id, "bulk_transaction."
                        + batches.decode(record.value()).getStatus().toLowerCase(java.util.Locale.ROOT));
                default -> {
                    String status = transactions.decode(record.value()).getStatus();
                    if (ANNOUNCED_STATUSES.contains(status)) {
                        expected.put(id, "transaction." + status.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        }
        return expected;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                reader.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Predicate<TopicPartition> behind = p -> reader.position(p) < end.get(p);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(behind) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }
}
