package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.schemas.Topics;

/*
 * Goal: Blnk's access model on every gateway route. Each route is called with no key, a wrong key, an expired key,
 * a revoked key, a key whose scopes do not cover it, a key whose scope does, and the master key; each cell's status
 * is asserted, and the refused writes publish nothing. Keys never appear in clear in any topic.
 * Method: the whole stack in secure mode (failsafe execution "secure"), real HTTP, a real broker.
 */
class SecureAuthMatrixIT {

    private static final String MASTER = SecureInternalDoorIT.MASTER_KEY;
    private static final String FUTURE = Instant.now().plusSeconds(86_400).toString();
    private static LedgerlineStack stack;

    /** One gateway route, the scope that grants it, and a body that is valid enough to pass validation. */
    record Route(String method, String path, String scope, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/ledgers", "ledgers:read", null),
            new Route("POST", "/ledgers", "ledgers:write", "{\"name\":\"auth-matrix\"}"),
            new Route("GET", "/ledgers/ldg_00000000-0000-4000-8000-000000000000", "ledgers:read", null),
            new Route("POST", "/ledgers/filter", "ledgers:write", "{}"),
            new Route("GET", "/balances", "balances:read", null),
            new Route("POST", "/balances", "balances:write", "{\"ledger_id\":\"general_ledger_id\",\"currency\":\"USD\"}"),
            new Route("GET", "/balances/bln_00000000-0000-4000-8000-000000000000", "balances:read", null),
            new Route("GET", "/balances/indicator/%40World/currency/USD", "balances:read", null),
            new Route("POST", "/balances/filter", "balances:write", "{}"),
            new Route("GET", "/transactions", "transactions:read", null),
            new Route("POST", "/transactions", "transactions:write", null), // body per call: unique reference
            new Route("GET", "/transactions/txn_00000000-0000-4000-8000-000000000000", "transactions:read", null),
            new Route("GET", "/transactions/reference/nothing-here", "transactions:read", null),
            new Route("POST", "/transactions/filter", "transactions:write", "{}"),
            new Route("PUT", "/transactions/inflight/txn_00000000-0000-4000-8000-000000000000", "transactions:write",
                    "{\"status\":\"void\"}"),
            new Route("POST", "/transactions/inflight/bulk/void", "transactions:write",
                    "{\"transaction_ids\":[\"txn_00000000-0000-4000-8000-000000000000\"]}"),
            new Route("POST", "/transactions/bulk", "transactions:write", null),
            new Route("POST", "/transactions/recover?threshold=2m", "transactions:write", "{}"),
            new Route("POST", "/refund-transaction/txn_00000000-0000-4000-8000-000000000000", "transactions:write", "{}"),
            new Route("GET", "/api-keys?owner=matrix", "api-keys:read", null),
            new Route("POST", "/api-keys", "api-keys:write", null),
            new Route("DELETE", "/api-keys/api_key_00000000-0000-4000-8000-000000000000?owner=matrix", "api-keys:delete", null),
            new Route("GET", "/integrity/seals", null, null),
            // webhook subscriptions: master key only (the master's POST is invalid on purpose: it creates nothing)
            new Route("GET", "/webhooks/subscriptions", null, null),
            new Route("POST", "/webhooks/subscriptions", null, "{}"),
            new Route("GET", "/webhooks/subscriptions/whs_00000000-0000-4000-8000-000000000000", null, null),
            new Route("PUT", "/webhooks/subscriptions/whs_00000000-0000-4000-8000-000000000000", null,
                    "{\"url\":\"http://127.0.0.1:1/s\",\"events\":[\"*\"]}"),
            new Route("DELETE", "/webhooks/subscriptions/whs_00000000-0000-4000-8000-000000000000", null, null));

    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static int sequence;

    @BeforeAll
    static void startStackAndKeys() throws Exception {
        stack = LedgerlineStack.get(SecureInternalDoorIT.SECURE_ARGS);
        for (Route route : ROUTES) {
            if (route.scope() != null) {
                KEYS.put(route.scope(), createKey(route.scope(), FUTURE));
            }
        }
        KEYS.put("unrelated", createKey("identities:*", FUTURE));
        KEYS.put("expired", createKey("*:*", Instant.now().minusSeconds(60).toString()));
        String revoked = createKey("*:*", FUTURE);
        String id = findKeyId("*:*", revoked);
        assertThat(send("DELETE", "/api-keys/" + id + "?owner=matrix", null, MASTER).statusCode()).isEqualTo(204);
        KEYS.put("revoked", revoked);
    }

    @Test
    void every_route_answers_each_credential_as_blnk_does_and_refused_writes_publish_nothing() throws Exception {
        Map<TopicPartition, Long> before = endOffsets();
        List<String> wrong = new ArrayList<>();
        for (Route route : ROUTES) {
            expect(wrong, route, "no key", null, 401, "AUTH_MISSING_API_KEY");
            expect(wrong, route, "wrong key", "not-a-key-of-this-ledger", 401, "AUTH_INVALID_API_KEY");
            expect(wrong, route, "expired key", KEYS.get("expired"), 401, "AUTH_EXPIRED_API_KEY");
            expect(wrong, route, "revoked key", KEYS.get("revoked"), 401, "AUTH_EXPIRED_API_KEY");
            expect(wrong, route, "unrelated scope", KEYS.get("unrelated"), 403,
                    route.scope() == null ? "AUTH_MASTER_KEY_REQUIRED" : "AUTH_INSUFFICIENT_PERMISSIONS");
        }
        assertThat(wrong).as("cells with the wrong answer").isEmpty();
        assertThat(endOffsets()).as("refused requests published nothing").isEqualTo(before);

        for (Route route : ROUTES) {
            if (route.scope() != null) {
                int scoped = send(route, KEYS.get(route.scope())).statusCode();
                if (scoped == 401 || scoped == 403) {
                    wrong.add(route + " with " + route.scope() + " answered " + scoped);
                }
            }
            int master = send(route, MASTER).statusCode();
            if (master == 401 || master == 403) {
                wrong.add(route + " with the master key answered " + master);
            }
        }
        assertThat(wrong).as("allowed cells refused").isEmpty();
    }

    @Test
    void a_read_only_transactions_key_reads_a_transaction_but_cannot_write_one() throws Exception {
        String reader = KEYS.get("transactions:read");
        HttpResponse<String> write = send("POST", "/transactions", transfer(), reader);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.body()).contains("AUTH_INSUFFICIENT_PERMISSIONS", "Insufficient permissions for transactions:write");

        String reference = "auth-read-" + System.nanoTime();
        HttpResponse<String> created = send("POST", "/transactions", transfer(reference), MASTER);
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> read = null;
        for (int i = 0; i < 100; i++) {
            read = send("GET", "/transactions/reference/" + reference, null, reader);
            if (read.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains(reference);
    }

    @Test
    void what_an_api_key_creates_names_the_key_in_meta_data_and_master_key_records_do_not() throws Exception {
        // Given the keys allowed to write transactions and ledgers
        String transactions = KEYS.get("transactions:write");
        String ledgers = KEYS.get("ledgers:write");

        // When each creates a record (the transfer with metadata and an amount above 2^53), and the master key too
        String reference = "generated-by-" + System.nanoTime();
        HttpResponse<String> byKey = send("POST", "/transactions", "{\"precise_amount\":9007199254740993,"
                + "\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference + "\",\"source\":\"@World\","
                + "\"destination\":\"@Matrix\",\"allow_overdraft\":true,\"description\":\"tagged\",\"meta_data\":{\"order\":\"o-1\"}}", transactions);
        HttpResponse<String> ledgerByKey = send("POST", "/ledgers", "{\"name\":\"tagged\"}", ledgers);
        HttpResponse<String> byMaster = send("POST", "/transactions", transfer(), MASTER);

        // Then Blnk's BLNK_GENERATED_BY holds the key's id, beside the client's metadata, and no number was rounded
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(201);
        JsonNode transfer = Http.JSON.readTree(byKey.body());
        assertThat(transfer.path("meta_data").path("BLNK_GENERATED_BY").asString())
                .isEqualTo(findKeyId("transactions:write", transactions));
        assertThat(transfer.path("meta_data").path("order").asString()).isEqualTo("o-1");
        assertThat(transfer.path("precise_amount").toString()).isEqualTo("9007199254740993");
        assertThat(Http.JSON.readTree(ledgerByKey.body()).path("meta_data").path("BLNK_GENERATED_BY").asString())
                .isEqualTo(findKeyId("ledgers:write", ledgers));
        assertThat(byMaster.statusCode()).isEqualTo(201);
        assertThat(Http.JSON.readTree(byMaster.body()).path("meta_data").has("BLNK_GENERATED_BY")).isFalse();
    }

    @Test
    void a_revoked_key_is_refused_within_a_second_and_keys_are_never_in_clear_on_any_topic() throws Exception {
        String key = createKey("ledgers:read", FUTURE);
        assertThat(send("GET", "/ledgers", null, key).statusCode()).isEqualTo(200);
        String id = findKeyId("ledgers:read", key);

        long revokedAt = System.nanoTime();
        assertThat(send("DELETE", "/api-keys/" + id + "?owner=matrix", null, MASTER).statusCode()).isEqualTo(204);
        int status = 0;
        while (System.nanoTime() - revokedAt < 1_000_000_000L) {
            status = send("GET", "/ledgers", null, key).statusCode();
            if (status == 401) {
                break;
            }
        }
        assertThat(status).isEqualTo(401);
        HttpResponse<String> list = send("GET", "/api-keys?owner=matrix", null, MASTER);
        assertThat(list.body()).doesNotContain(key).doesNotContain("\"key\"").contains("\"is_revoked\":true");

        List<String> secrets = new ArrayList<>(KEYS.values());
        secrets.add(key);
        secrets.add(MASTER);
        assertThat(topicsContaining(secrets)).as("topics holding a key or the master key in clear").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static void expect(List<String> wrong, Route route, String who, String key, int status, String code)
            throws Exception {
        HttpResponse<String> answer = send(route, key);
        if (answer.statusCode() != status || !answer.body().contains("\"" + code + "\"")) {
            wrong.add(route + " with " + who + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    private static HttpResponse<String> send(Route route, String key) throws IOException, InterruptedException {
        String body = route.body();
        if (route.path().equals("/transactions")) {
            body = transfer();
        } else if (route.path().equals("/transactions/bulk")) {
            body = "{\"transactions\":[" + transfer() + "]}";
        } else if (route.path().equals("/api-keys") && route.method().equals("POST")) {
            body = "{\"name\":\"m\",\"owner\":\"matrix\",\"scopes\":[\"api-keys:write\"],\"expires_at\":\"" + FUTURE + "\"}";
        }
        return send(route.method(), route.path(), body, key);
    }

    private static String transfer() {
        return transfer("auth-matrix-" + System.nanoTime() + "-" + (sequence++));
    }

    private static String transfer(String reference) {
        return "{\"amount\":1,\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"source\":\"@World\",\"destination\":\"@Matrix\",\"allow_overdraft\":true,\"description\":\"m\"}";
    }

    static HttpResponse<String> send(String method, String path, String body, String key)
            throws IOException, InterruptedException {
        return Http.withKey(method, stack.gateway() + path, body, key);
    }

    private static String createKey(String scope, String expiresAt) throws Exception {
        HttpResponse<String> created = send("POST", "/api-keys", "{\"name\":\"matrix " + scope + "\",\"owner\":\"matrix\","
                + "\"scopes\":[\"" + scope + "\"],\"expires_at\":\"" + expiresAt + "\"}", MASTER);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode json = Http.JSON.readTree(created.body());
        assertThat(json.path("key").asString()).hasSize(44).endsWith("=");
        assertThat(json.path("api_key_id").asString()).startsWith("api_key_");
        return json.path("key").asString();
    }

    /** The id of the key just created with {@code scope}: the list shows ids, never keys. */
    private static String findKeyId(String scope, String key) throws Exception {
        JsonNode list = Http.JSON.readTree(send("GET", "/api-keys?owner=matrix", null, MASTER).body());
        for (JsonNode item : list) {
            assertThat(item.has("key")).isFalse();
            if (!item.path("is_revoked").asBoolean() && item.path("scopes").get(0).asString().equals(scope)) {
                return item.path("api_key_id").asString(); // newest first
            }
        }
        throw new AssertionError("no key with scope " + scope + " for " + key.length() + "-char key");
    }

    /** The topics only the gateway writes: a refused request must not move them. */
    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = List.of(Topics.LEDGER_COMMANDS, Topics.TRANSACTION_COMMANDS, Topics.API_KEYS)
                    .stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .collect(Collectors.toList());
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    private static List<String> topicsContaining(List<String> secrets) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = Topics.ALL.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String raw = new String(record.value() == null ? new byte[0] : record.value(),
                            java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        if (raw.contains(secret)) {
                            found.add(record.topic() + "@" + record.offset());
                        }
                    }
                }
            }
        }
        return found;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

}
