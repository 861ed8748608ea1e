package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
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

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.webhooks.WebhookDeadLetterTool;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.databind.JsonNode;

/*
 * Goal: beside the global BLNK_WEBHOOK_URL, each webhook subscription receives exactly the events it chose, signed
 * as the global webhook is, from its creation on; a subscriber that is down delays neither another subscriber nor
 * the global URL; a refused event is dead-lettered naming the subscription; after deletion nothing more arrives.
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
        for (WebhookReceiver receiver : new WebhookReceiver[] {global, ledgers, transactions}) {
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

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
