package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import tools.jackson.databind.JsonNode;

/*
 * Goal: Blnk's balance monitors, evaluated by the balance's single writer at every change: a monitor on
 * balance > 1000 that crosses up, down, up and stays up alerts exactly twice, on ledger.balance-alerts and as signed
 * balance.monitor webhooks to a real receiver; "=" matches; a fractional threshold is exact; a crossing inside a
 * bulk batch is seen; fire_on_every_update gives Blnk's behaviour; bad input is refused with Blnk's error envelope
 * and writes nothing; update and delete work as Blnk's routes.
 * Method: the whole stack (embedded KRaft Kafka and PostgreSQL) with BLNK_WEBHOOK_URL pointed at a JDK HttpServer
 * receiver that verifies signatures. Each transfer of the walk is awaited before the next (queued transactions are
 * independent and could otherwise be decided in another order). Alerts are read back from the public topic with a
 * read_committed consumer of its own, once the log is quiet.
 */
class BalanceMonitorIT {

    private static final String SECRET = "monitor-it-secret-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(120);

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
                "--blnk.server.secret-key=" + SECRET));
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
    void monitorsAlertOncePerCrossingOnTheTopicAndAsWebhooksAndRefuseBadInput() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String wallet = ledger.createBalance(ledger.createLedger("monitors-" + run), "USD");

        // Given bad requests: each refused with Blnk's envelope, and none of them written anywhere
        assertRefused(monitorJson(wallet, "balance", "==", "10", "100"), 400, "GEN_VALIDATION_ERROR");
        assertRefused(monitorJson(wallet, "balance", ">", "10.555", "100"), 400, "GEN_VALIDATION_ERROR");
        assertRefused(monitorJson(wallet, "balance", ">", "10", "0"), 400, "GEN_VALIDATION_ERROR");
        assertRefused(monitorJson(wallet, "balances", ">", "10", "100"), 400, "GEN_VALIDATION_ERROR");
        assertRefused("{\"balance_id\":\"" + wallet + "\"}", 400, "GEN_VALIDATION_ERROR");
        assertRefused("{not json", 400, "GEN_MALFORMED_REQUEST");
        assertRefused(monitorJson("bln_" + UUID.randomUUID(), "balance", ">", "10", "100"), 400, "GEN_BAD_REQUEST");

        // Given monitors on the wallet: balance > 1000 (10.00 at precision 100), balance = 1500, balance >= 12.5
        String above = create(monitorJson(wallet, "balance", ">", "10", "100"), "1000");
        String equal = create(monitorJson(wallet, "balance", "=", "15", "100"), "1500");
        String fractional = create(monitorJson(wallet, "balance", ">=", "12.5", "100"), "1250");

        // When the balance walks 500, 1500, 2000, 800, 1200, 3000, 4000 (up, down, up, and stays up)
        long[] steps = {500, 1000, 500, -1200, 400, 1800, 1000};
        for (int i = 0; i < steps.length; i++) {
            String reference = run + "-step-" + i;
            if (steps[i] > 0) {
                ledger.postTransaction(reference, "@World", wallet, Long.toString(steps[i]), true);
            } else {
                ledger.postTransaction(reference, wallet, "@World", Long.toString(-steps[i]), false);
            }
            assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("APPLIED");
        }

        // And a bulk batch on a second wallet walks 400, 800, 1200, 1600 inside one request
        String batchWallet = ledger.createBalance(ledger.createLedger("monitors-bulk-" + run), "USD");
        String batchEqual = create(monitorJson(batchWallet, "balance", "=", "8", "100"), "800");
        String batchAbove = create(monitorJson(batchWallet, "balance", ">", "10", "100"), "1000");
        String everyUpdate = create(monitorJson(batchWallet, "balance", ">", "0", "100")
                .replace("}}", "},\"fire_on_every_update\":true}"), "0");
        String items = IntStream.range(0, 4).mapToObj(i -> Ledger.transferJson(run + "-bulk-" + i, "@World",
                batchWallet, "400", true, "")).collect(Collectors.joining(","));
        Response bulk = Http.post(ledger.url("/transactions/bulk"), "{\"transactions\":[" + items + "]}");
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(201);
        ledger.awaitBalance(batchWallet, BigInteger.valueOf(1600));
        ledger.awaitBalance(wallet, BigInteger.valueOf(4000));
        stack.awaitQuietLog();

        // Then the topic holds exactly the expected alerts: two for > 1000, one for = 1500, two for >= 12.5; one for
        // = 800 and one for > 1000 inside the batch, and four with fire_on_every_update
        List<BalanceMonitorAlert> alerts = readAll(Topics.BALANCE_ALERTS, AvroSerde.of(BalanceMonitorAlert.class));
        Map<String, List<BalanceMonitorAlert>> byMonitor = alerts.stream()
                .collect(Collectors.groupingBy(a -> a.getMonitor().getMonitorId()));
        assertThat(byMonitor.get(above)).extracting(BalanceMonitorAlert::getObservedValue)
                .containsExactly("1500", "1200");
        assertThat(byMonitor.get(above)).extracting(BalanceMonitorAlert::getTransactionId).doesNotContainNull();
        assertThat(byMonitor.get(equal)).extracting(BalanceMonitorAlert::getObservedValue).containsExactly("1500");
        assertThat(byMonitor.get(fractional)).extracting(BalanceMonitorAlert::getObservedValue)
                .containsExactly("1500", "3000");
        assertThat(byMonitor.get(batchEqual)).extracting(BalanceMonitorAlert::getObservedValue).containsExactly("800");
        assertThat(byMonitor.get(batchAbove)).extracting(BalanceMonitorAlert::getObservedValue).containsExactly("1200");
        assertThat(byMonitor.get(everyUpdate)).extracting(BalanceMonitorAlert::getObservedValue)
                .containsExactly("400", "800", "1200", "1600");
        assertThat(alerts).hasSize(11);
        BalanceMonitorAlert first = byMonitor.get(above).get(0);
        assertThat(first.getBalance()).isEqualTo("1500");
        assertThat(first.getCreditBalance()).isEqualTo("1500");
        assertThat(first.getCurrency()).isEqualTo("USD");

        // And every alert arrived once as a signed balance.monitor webhook carrying the monitor, the transaction and
        // the balance after the change, money as exact integers
        List<WebhookReceiver.Delivery> webhooks = awaitMonitorWebhooks(11);
        assertThat(webhooks).allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
        Map<String, Long> perMonitor = webhooks.stream().map(d -> Http.JSON.readTree(d.body()).get("data"))
                .collect(Collectors.groupingBy(data -> data.get("monitor_id").asString(), Collectors.counting()));
        assertThat(perMonitor).containsEntry(above, 2L).containsEntry(equal, 1L).containsEntry(fractional, 2L)
                .containsEntry(batchEqual, 1L).containsEntry(batchAbove, 1L).containsEntry(everyUpdate, 4L);
        JsonNode data = webhooks.stream().map(d -> Http.JSON.readTree(d.body()))
                .filter(b -> b.get("data").get("monitor_id").asString().equals(above)).findFirst().orElseThrow();
        assertThat(data.get("event").asString()).isEqualTo("balance.monitor");
        assertThat(data.get("data").get("condition").get("precise_value").isIntegralNumber()).isTrue();
        assertThat(data.get("data").get("balance").get("balance").asLong()).isEqualTo(1500);
        assertThat(data.get("data").get("transaction_id").asString()).startsWith("txn_");

        // And reads come from the projection: one monitor, a balance's monitors, and the refused ones nowhere
        JsonNode read = Http.await(ledger.url("/balance-monitors/" + fractional), r -> r.status() == 200, PATIENCE)
                .body();
        assertThat(read.get("condition").get("value").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(read.get("condition").get("precise_value").asLong()).isEqualTo(1250);
        assertThat(read.get("condition").get("operator").asString()).isEqualTo(">=");
        Response ofWallet = Http.get(ledger.url("/balance-monitors/balances/" + wallet));
        assertThat(ofWallet.body()).extracting(n -> n.get("monitor_id").asString())
                .containsExactlyInAnyOrder(above, equal, fractional);

        // When one monitor is updated, one deleted, and one asked to move to another balance
        assertThat(Http.put(ledger.url("/balance-monitors/" + equal), "{\"condition\":{\"field\":\"balance\","
                + "\"operator\":\"<\",\"value\":1,\"precision\":100},\"description\":\"low\"}").status()).isEqualTo(200);
        Response moved = Http.put(ledger.url("/balance-monitors/" + above), monitorJson(batchWallet, "balance", ">",
                "1", "100"));
        assertThat(moved.status()).as(moved.raw()).isEqualTo(400);
        assertThat(Http.withKey("DELETE", ledger.url("/balance-monitors/" + fractional), null, null).statusCode())
                .isEqualTo(200);
        var again = Http.withKey("DELETE", ledger.url("/balance-monitors/" + fractional), null, null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(Http.JSON.readTree(again.body()).get("error_detail").get("code").asString())
                .isEqualTo("BAL_MONITOR_NOT_FOUND");

        // Then the projection serves the new condition, and the deleted monitor is gone
        Http.await(ledger.url("/balance-monitors/" + fractional), r -> r.status() == 404, PATIENCE);
        JsonNode updated = Http.await(ledger.url("/balance-monitors/" + equal),
                r -> r.status() == 200 && "<".equals(r.body().get("condition").get("operator").asString()), PATIENCE)
                .body();
        assertThat(updated.get("condition").get("precise_value").asLong()).isEqualTo(100);
        assertThat(updated.get("description").asString()).isEqualTo("low");
        Response missing = Http.get(ledger.url("/balance-monitors/" + fractional));
        assertThat(missing.body().get("error_detail").get("code").asString()).isEqualTo("BAL_MONITOR_NOT_FOUND");

        // And the public monitor topic holds exactly the accepted changes: 6 creations, one update, one deletion
        List<BalanceMonitorRecord> records = readAll(Topics.BALANCE_MONITORS, AvroSerde.of(BalanceMonitorRecord.class));
        assertThat(records).extracting(BalanceMonitorRecord::getStatus)
                .containsExactlyInAnyOrder("CREATED", "CREATED", "CREATED", "CREATED", "CREATED", "CREATED",
                        "UPDATED", "DELETED");
    }

    private static String monitorJson(String balanceId, String field, String operator, String value,
                                      String precision) {
        return "{\"balance_id\":\"" + balanceId + "\",\"condition\":{\"field\":\"" + field + "\",\"operator\":\""
                + operator + "\",\"value\":" + value + ",\"precision\":" + precision + "}}";
    }

    private static String create(String json, String expectedPreciseValue) {
        Response created = Http.post(ledger.url("/balance-monitors"), json);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("condition").get("precise_value").asString()).isEqualTo(expectedPreciseValue);
        String id = created.body().get("monitor_id").asString();
        assertThat(id).startsWith("mon_");
        return id;
    }

    private static void assertRefused(String json, int status, String code) {
        Response refused = Http.post(ledger.url("/balance-monitors"), json);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(status);
        assertThat(refused.body().get("error_detail").get("code").asString()).as(refused.raw()).isEqualTo(code);
        assertThat(refused.body().get("error").asString()).isNotBlank();
    }

    private static List<WebhookReceiver.Delivery> awaitMonitorWebhooks(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<WebhookReceiver.Delivery> monitor = List.of();
        while (System.nanoTime() < deadline) {
            monitor = receiver.deliveries().stream()
                    .filter(d -> "balance.monitor".equals(d.event()) && d.answered() == 200).toList();
            if (monitor.size() >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        // a little longer: a twelfth delivery would be a duplicate alert
        stack.awaitQuietLog();
        monitor = receiver.deliveries().stream().filter(d -> "balance.monitor".equals(d.event()) && d.answered() == 200)
                .toList();
        assertThat(monitor).hasSize(expected);
        return monitor;
    }

    /** Every record of a topic up to its current end, read_committed, decoded. */
    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String topic,
                                                                         AvroSerde<T> serde) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(serde.decode(record.value()));
                }
            }
        }
        return values;
    }
}
