package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.subscriptions.SubscriptionDeliveries;
import dev.ledgerline.projection.webhooks.WebhookDeadLetterMain;
import dev.ledgerline.projection.webhooks.WebhookDeadLetterTool;
import dev.ledgerline.projection.webhooks.WebhookSettings;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.databind.JsonNode;

/*
 * Goal: beside the global BLNK_WEBHOOK_URL, each webhook subscription receives exactly the events it chose, signed
 * as the global webhook is, from its creation on; a subscriber that is down delays neither another subscriber nor
 * the global URL; a refused event is dead-lettered naming the subscription, shows on /health and /queues, and the
 * documented redeliver command sends it to that subscription's endpoint only; after deletion nothing more arrives.
 * Method: the whole stack with a global receiver and two more receivers (JDK HttpServers verifying signatures), one
 * subscribed to ledger.created with a header, one to transaction.applied and down at first. The expected events are
 * read from the public topics independently of the delivery code (ids are the records' positions).
 */
class WebhookSubscriptionIT {

    private static final String SECRET = "subscription-it-secret-" + UUID.randomUUID();
    private static final String TOKEN = "subscriber-token-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static WebhookReceiver global;
    private static WebhookReceiver ledgers;
    private static WebhookReceiver transactions;
    private static WebhookReceiver refusing;
    private static WebhookReceiver healthy;
    private static int ledgersPort;
    private static int transactionsPort;
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStackAndReceivers() throws Exception {
        int globalPort = freePort();
        ledgersPort = freePort();
        transactionsPort = freePort();
        global = new WebhookReceiver(globalPort, SECRET);
        ledgers = new WebhookReceiver(ledgersPort, SECRET);
        transactions = new WebhookReceiver(transactionsPort, SECRET);
        global.start();
        ledgers.start();
        stack = LedgerlineStack.get(List.of(
                "--blnk.notification.webhook.url=http://127.0.0.1:" + globalPort + "/hook",
                "--blnk.server.secret-key=" + SECRET,
                "--ledgerline.webhooks.backoff-initial=100ms",
                "--ledgerline.webhooks.backoff-max=1s",
                "--ledgerline.webhooks.max-attempts=3"));
        ledger = new Ledger(stack);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        LedgerlineStack.stop();
        for (WebhookReceiver receiver : new WebhookReceiver[] {global, ledgers, transactions, refusing, healthy}) {
            if (receiver != null) {
                receiver.stop();
            }
        }
    }

    @Test
    void eachSubscriberGetsExactlyItsSignedEventsUndelayedByAnotherAndNothingAfterDeletion() throws Exception {
        // Given a funded balance and a second one, all of it announced before any subscription exists
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("1000000");
        String bob = ledger.createBalance(ledger.createLedger("subscriptions-" + run), "USD");
        ledger.postTransaction(run + "-before", alice, bob, "1", false);
        ledger.awaitOutcome(run + "-before");

        // When one endpoint subscribes to ledger.created (with a header) and another, down, to transaction.applied
        JsonNode ledgerSubscription = create("{\"url\":\"http://127.0.0.1:" + ledgersPort + "/hook\","
                + "\"events\":[\"ledger.created\"],\"headers\":{\"X-Receiver-Token\":\"" + TOKEN + "\"},"
                + "\"description\":\"ledgers\"}");
        JsonNode transactionSubscription = create("{\"url\":\"http://127.0.0.1:" + transactionsPort + "/hook\","
                + "\"events\":[\"transaction.applied\"]}");
        String ledgersId = ledgerSubscription.get("id").asString();
        String transactionsId = transactionSubscription.get("id").asString();
        assertThat(ledgersId).startsWith("whs_");
        assertThat(ledgerSubscription.toString()).doesNotContain(TOKEN);
        // and a ledger is created and a transfer applied while the transaction subscriber is down
        String newLedger = ledger.createLedger("subscribed-" + run);
        ledger.postTransaction(run + "-while-down", alice, bob, "2", false);
        ledger.awaitOutcome(run + "-while-down");

        // Then the ledger subscriber and the global URL get their events although the other subscriber is down
        await(ledgers, d -> d.body().contains(newLedger) && d.answered() == 200);
        await(global, d -> d.body().contains(run + "-while-down") && d.event().equals("transaction.applied"));

        // When the transaction subscriber comes up, refuses one transfer's event, and one more transfer follows
        transactions.start();
        await(transactions, d -> d.body().contains(run + "-while-down") && d.answered() == 200);
        transactions.refuse(body -> body.contains(run + "-refused"));
        ledger.postTransaction(run + "-refused", alice, bob, "3", false);
        ledger.postTransaction(run + "-after", alice, bob, "4", false);
        ledger.awaitOutcome(run + "-after");
        await(transactions, d -> d.body().contains(run + "-after") && d.answered() == 200);

        // Then the refused event is dead-lettered naming its subscription, after its three attempts
        WebhookDeadLetterTool.DeadLetter dead = awaitDeadLetter(run + "-refused");
        assertThat(dead.subscriptionId()).isEqualTo(transactionsId);
        assertThat(dead.event()).isEqualTo("transaction.applied");
        assertThat(dead.attempts()).isEqualTo(3);
        // and each subscriber got exactly the events it chose that were written since it subscribed, all signed
        Map<String, Set<String>> expected = expectedSince(
                Instant.parse(ledgerSubscription.get("created_at").asString()).toEpochMilli(),
                Instant.parse(transactionSubscription.get("created_at").asString()).toEpochMilli());
        Set<String> expectedTransactions = new HashSet<>(expected.get("transaction.applied"));
        expectedTransactions.remove(dead.eventId());
        assertThat(awaitAccepted(ledgers, expected.get("ledger.created"))).isEqualTo(expected.get("ledger.created"));
        assertThat(awaitAccepted(transactions, expectedTransactions)).isEqualTo(expectedTransactions);
        assertThat(ledgers.deliveries()).allSatisfy(d -> {
            assertThat(d.signatureValid()).isTrue();
            assertThat(d.event()).isEqualTo("ledger.created");
            assertThat(d.customHeader()).isEqualTo(TOKEN);
        });
        assertThat(transactions.deliveries()).allSatisfy(d -> {
            assertThat(d.signatureValid()).isTrue();
            assertThat(d.event()).isEqualTo("transaction.applied");
        });
        // and the global URL got the refused event all the same
        await(global, d -> d.eventId().equals(dead.eventId()) && d.answered() == 200);

        // And the subscriptions read back without their header values, and a replace keeps the creation time
        Http.Response list = Http.get(ledger.url("/webhooks/subscriptions"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw()).contains(ledgersId, transactionsId, "X-Receiver-Token").doesNotContain(TOKEN);
        Http.Response replaced = Http.put(ledger.url("/webhooks/subscriptions/" + transactionsId),
                "{\"url\":\"http://127.0.0.1:" + transactionsPort + "/hook\",\"events\":[\"transaction.applied\"],"
                        + "\"description\":\"replaced\"}");
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(replaced.body().get("created_at").asString())
                .isEqualTo(transactionSubscription.get("created_at").asString());

        // When the ledger subscription is deleted (and projection-service shows it gone) and a ledger is created
        assertThat(Http.withKey("DELETE", ledger.url("/webhooks/subscriptions/" + ledgersId), null, null)
                .statusCode()).isEqualTo(204);
        assertThat(Http.await(ledger.url("/webhooks/subscriptions/" + ledgersId), r -> r.status() == 404, PATIENCE)
                .status()).isEqualTo(404);
        String afterDeletion = ledger.createLedger("after-deletion-" + run);
        await(global, d -> d.body().contains(afterDeletion) && d.answered() == 200);

        // Then the deleted subscription's endpoint never heard of it, and a second delete finds nothing
        assertThat(ledgers.deliveries()).noneMatch(d -> d.body().contains(afterDeletion));
        assertThat(Http.withKey("DELETE", ledger.url("/webhooks/subscriptions/" + ledgersId), null, null)
                .statusCode()).isEqualTo(404);

        // And the projection's /metrics counts the subscriptions' deliveries by subscription, never the header value
        Http.Response metrics = Http.get(stack.projection() + "/metrics");
        assertThat(metrics.raw())
                .containsPattern("ledgerline_webhook_subscription_deliveries_total\\{[^}]*outcome=\"delivered\""
                        + "[^}]*subscription=\"" + transactionsId + "\"")
                .containsPattern("ledgerline_webhook_subscription_dead_letters_total\\{[^}]*subscription=\""
                        + transactionsId + "\"")
                .doesNotContain(TOKEN, SECRET);
    }

    @Test
    void aSubscriptionsDeadLetterIsRedeliveredToThatEndpointOnlyWithItsEventIdTraceAndAValidSignature()
            throws Exception {
        // Given two subscriptions to transaction.applied: one whose endpoint refuses every delivery, one healthy
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("1000000");
        String bob = ledger.createBalance(ledger.createLedger("redelivery-" + run), "USD");
        int refusingPort = freePort();
        int healthyPort = freePort();
        refusing = new WebhookReceiver(refusingPort, SECRET);
        healthy = new WebhookReceiver(healthyPort, SECRET);
        refusing.refuse(body -> true);
        refusing.start();
        healthy.start();
        String refusingId = create("{\"url\":\"http://127.0.0.1:" + refusingPort + "/hook\","
                + "\"events\":[\"transaction.applied\"]}").get("id").asString();
        String healthyId = create("{\"url\":\"http://127.0.0.1:" + healthyPort + "/hook\","
                + "\"events\":[\"transaction.applied\"]}").get("id").asString();

        // When a transfer is applied
        ledger.postTransaction(run + "-redelivered", alice, bob, "5", false);
        ledger.awaitOutcome(run + "-redelivered");

        // Then the refusing endpoint's lane gives up after its three attempts and dead-letters it naming its subscription
        WebhookDeadLetterTool.DeadLetter dead = awaitDeadLetter(run + "-redelivered");
        assertThat(dead.subscriptionId()).isEqualTo(refusingId);
        assertThat(dead.attempts()).isEqualTo(3);
        // and the other endpoints got it once each, as usual
        await(healthy, d -> d.eventId().equals(dead.eventId()) && d.answered() == 200);
        await(global, d -> d.eventId().equals(dead.eventId()) && d.answered() == 200);
        // and /health names that subscription's lane dead-lettering, degraded but not down
        Http.Response health = Http.await(stack.projection() + "/health",
                r -> r.raw().contains("\"id\":\"" + refusingId + "\",\"state\":\"dead_lettering\""), PATIENCE);
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).as(health.raw()).isEqualTo("DEGRADED");
        assertThat(lane(health.body().get("webhooks"), refusingId).get("state").asString()).isEqualTo("dead_lettering");
        assertThat(lane(health.body().get("webhooks"), healthyId).get("state").asString()).isEqualTo("ok");
        // and /queues lists each subscription's backlog under its id
        Http.Response queues = Http.await(stack.projection() + "/queues",
                r -> r.raw().contains(refusingId) && r.raw().contains(healthyId), PATIENCE);
        assertThat(queues.body().get("webhook_subscriptions").toString()).contains(refusingId, healthyId);

        // When the endpoint is fixed and the operator runs the documented redeliver command for that dead letter
        refusing.refuse(body -> false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = WebhookDeadLetterMain.run(new String[] {"redeliver", dead.address(), "--bootstrap-servers",
                stack.bootstrapServers()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("to subscription " + refusingId);

        // Then the event reaches that endpoint, accepted, with its original event id, body and trace, validly signed
        await(refusing, d -> d.eventId().equals(dead.eventId()) && d.answered() == 200);
        WebhookReceiver.Delivery redelivered = refusing.deliveries().stream()
                .filter(d -> d.eventId().equals(dead.eventId()) && d.answered() == 200).findFirst().orElseThrow();
        assertThat(redelivered.signatureValid()).isTrue();
        assertThat(redelivered.body()).isEqualTo(new String(dead.body(), StandardCharsets.UTF_8));
        assertThat(redelivered.traceparent()).isEqualTo(traceparentOfRecord(dead.eventId()));
        assertThat(refusing.deliveries()).allSatisfy(d -> assertThat(d.traceparent())
                .isEqualTo(redelivered.traceparent()));
        // And once the global URL's and the healthy subscription's lanes have read past the request, neither got it again
        awaitReadPastRedeliveries(WebhookSettings.GROUP_ID);
        awaitReadPastRedeliveries(SubscriptionDeliveries.GROUP_PREFIX + healthyId);
        assertThat(global.deliveries()).filteredOn(d -> d.eventId().equals(dead.eventId())).hasSize(1);
        assertThat(healthy.deliveries()).filteredOn(d -> d.eventId().equals(dead.eventId())).hasSize(1);
    }

    @Test
    void invalidSubscriptionsAndUnknownIdsAreRefusedWithBlnksEnvelope() {
        // When a subscription names a non-http URL, an unknown event, or no events
        for (String body : List.of("{\"url\":\"ftp://x.example.com\",\"events\":[\"*\"]}",
                "{\"url\":\"http://x.example.com\",\"events\":[\"transaction.queued\"]}",
                "{\"url\":\"http://x.example.com\"}",
                "{\"url\":\"http://x.example.com\",\"events\":\"*\"}")) {
            Http.Response refused = Http.post(ledger.url("/webhooks/subscriptions"), body);

            // Then it is a 400 with Blnk's error envelope
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.body().get("error").asString()).isNotEmpty();
            assertThat(refused.body().get("error_detail").get("code").asString()).startsWith("GEN_");
        }
        // And an unknown id is a 404 for every route
        String unknown = "/webhooks/subscriptions/whs_" + UUID.randomUUID();
        assertThat(Http.get(ledger.url(unknown)).status()).isEqualTo(404);
        Http.Response put = Http.put(ledger.url(unknown), "{\"url\":\"http://x.example.com\",\"events\":[\"*\"]}");
        assertThat(put.status()).isEqualTo(404);
        assertThat(put.body().get("error_detail").get("code").asString()).isEqualTo("WEBHOOK_SUBSCRIPTION_NOT_FOUND");
    }

    private static JsonNode create(String body) {
        Http.Response created = Http.post(ledger.url("/webhooks/subscriptions"), body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private static JsonNode lane(JsonNode lanes, String id) {
        for (JsonNode lane : lanes) {
            if (lane.has("id") && lane.get("id").asString().equals(id)) {
                return lane;
            }
        }
        throw new AssertionError("no lane " + id + " in " + lanes);
    }

    /** The raw {@code traceparent} header of the record an event id names ({@code <topic>-<partition>-<offset>}). */
    private static String traceparentOfRecord(String eventId) {
        int offsetAt = eventId.lastIndexOf('-');
        int partitionAt = eventId.lastIndexOf('-', offsetAt - 1);
        TopicPartition partition = new TopicPartition(eventId.substring(0, partitionAt),
                Integer.parseInt(eventId.substring(partitionAt + 1, offsetAt)));
        long offset = Long.parseLong(eventId.substring(offsetAt + 1));
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
            reader.assign(List.of(partition));
            reader.seek(partition, offset);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        Header header = record.headers().lastHeader("traceparent");
                        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("record " + eventId + " not found");
    }

    /** Waits until {@code group} has committed up to the end of ledger.webhook-redeliveries as it is now. */
    private static void awaitReadPastRedeliveries(String group) throws Exception {
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.WEBHOOK_REDELIVERIES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            end = reader.endOffsets(partitions);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                boolean past = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (past) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError(group + " did not read past the redelivery requests");
    }

    private static int freePort() throws Exception {
        return LoopbackPorts.free();
    }

    private static void await(WebhookReceiver receiver, Predicate<WebhookReceiver.Delivery> arrived)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (receiver.deliveries().stream().anyMatch(arrived)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the expected delivery did not arrive");
    }

    /** The ids the receiver accepted, once it accepted every expected one (or the wait is over). */
    private static Set<String> awaitAccepted(WebhookReceiver receiver, Set<String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Set<String> accepted = Set.of();
        while (System.nanoTime() < deadline) {
            accepted = new HashSet<>();
            for (WebhookReceiver.Delivery delivery : receiver.deliveries()) {
                if (delivery.answered() == 200) {
                    accepted.add(delivery.eventId());
                }
            }
            if (accepted.containsAll(expected)) {
                return accepted;
            }
            Thread.sleep(100);
        }
        return accepted;
    }

    private static WebhookDeadLetterTool.DeadLetter awaitDeadLetter(String marker) throws InterruptedException {
        WebhookDeadLetterTool tool = new WebhookDeadLetterTool(stack.bootstrapServers());
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

    /**
     * Written out here on its own: ledger.created ids (every ledger record) since {@code ledgersSinceMs} and
     * transaction.applied ids (every APPLIED record) since {@code transactionsSinceMs}. Nothing was written around
     * either time (the test waited for its earlier traffic), so a record's time tells which side it is on.
     */
    private static Map<String, Set<String>> expectedSince(long ledgersSinceMs, long transactionsSinceMs) {
        AvroSerde<TransactionRecord> records = AvroSerde.of(TransactionRecord.class);
        Set<String> ledgerIds = new HashSet<>();
        Set<String> applied = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : readAll(List.of(Topics.LEDGERS, Topics.TRANSACTIONS))) {
            String id = record.topic() + "-" + record.partition() + "-" + record.offset();
            if (record.topic().equals(Topics.LEDGERS) && record.timestamp() >= ledgersSinceMs) {
                ledgerIds.add(id);
            } else if (record.topic().equals(Topics.TRANSACTIONS) && record.timestamp() >= transactionsSinceMs
                    && records.decode(record.value()).getStatus().equals("APPLIED")) {
                applied.add(id);
            }
        }
        return Map.of("ledger.created", ledgerIds, "transaction.applied", applied);
    }

    private static Properties readerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(List<String> topics) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
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
