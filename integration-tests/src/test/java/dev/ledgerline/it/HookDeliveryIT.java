package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
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

import dev.ledgerline.projection.webhooks.WebhookDeadLetterMain;
import dev.ledgerline.projection.webhooks.WebhookDeadLetterTool;
import dev.ledgerline.schemas.Topics;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/*
 * Goal: Blnk's pre- and post-transaction hooks, managed over /hooks as ledger data, are called with Blnk's body and a
 * valid signature once per transaction; a hook endpoint that times out or fails is retried retry_count times and then
 * dead-lettered while other hooks and the transactions go on; invalid requests write nothing; a deleted hook is
 * called no more. Method: the whole stack with a secret key (insecure mode, where every caller is the master) and a
 * short backoff; a JDK HttpServer endpoint whose path chooses the answer; the hooks' consumer groups and the
 * dead-letter topic are read from Kafka directly.
 */
class HookDeliveryIT {

    private static final String SECRET = "hook-it-secret-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String HUGE = "123456789012345678901234567890";
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build();

    private static HookReceiver receiver;
    private static String endpoint;
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStackAndEndpoint() throws Exception {
        receiver = new HookReceiver(SECRET);
        endpoint = "http://127.0.0.1:" + receiver.start();
        stack = LedgerlineStack.get(List.of(
                "--blnk.server.secret-key=" + SECRET,
                "--ledgerline.hooks.backoff-initial=100ms",
                "--ledgerline.hooks.backoff-max=200ms"));
        ledger = new Ledger(stack);
    }

    @AfterAll
    static void stopAll() {
        LedgerlineStack.stop();
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void aPreAndAPostHookReceiveATransferOnceSignedWithBlnksBodyAndNeverARejection() throws Exception {
        // Given a PRE and a POST hook, and two balances
        String run = run();
        String pre = createHook("pre-" + run, endpoint + "/ok/" + run + "/pre", "PRE_TRANSACTION", "");
        String post = createHook("post-" + run, endpoint + "/ok/" + run + "/post", "POST_TRANSACTION", "");
        String alice = ledger.fundedBalance("100000000000000000000000000000000");
        String bob = ledger.createBalance(ledger.createLedger("hooks-" + run), "USD");

        // When a huge transfer applies and another is rejected for insufficient funds
        ledger.postTransaction(run + "-paid", alice, bob, HUGE, false);
        JsonNode applied = ledger.awaitOutcome(run + "-paid");
        ledger.postTransaction(run + "-refused", bob, alice, "999999999999999999999999999999999999", false);
        assertThat(ledger.awaitOutcome(run + "-refused").get("status").asString()).isEqualTo("REJECTED");
        awaitCaughtUp(pre);
        awaitCaughtUp(post);

        // Then the PRE hook heard of the queued transfer (and of the rejected one's QUEUED record), once each
        List<HookReceiver.Call> preCalls = receiver.calls("/ok/" + run + "/pre");
        HookReceiver.Call queued = only(preCalls, run + "-paid\"");
        JsonNode preBody = EXACT.readTree(queued.body());
        assertThat(new ArrayList<>(preBody.propertyNames()))
                .containsExactly("transaction_id", "hook_type", "timestamp", "data");
        assertThat(preBody.get("hook_type").asString()).isEqualTo("PRE_TRANSACTION");
        assertThat(preBody.get("data").get("status").asString()).isEqualTo("QUEUED");
        assertThat(preBody.get("transaction_id").asString())
                .isEqualTo(preBody.get("data").get("transaction_id").asString())
                .isEqualTo(applied.get("parent_transaction").asString());
        assertThat(queued.hookId()).isEqualTo(pre);
        assertThat(queued.hookType()).isEqualTo("PRE_TRANSACTION");
        assertThat(queued.validSignature()).isTrue();
        only(preCalls, run + "-refused\"");

        // And the POST hook heard of the applied record, money exact, and never of the rejection
        List<HookReceiver.Call> postCalls = receiver.calls("/ok/" + run + "/post");
        HookReceiver.Call done = only(postCalls, run + "-paid_q\"");
        JsonNode postBody = EXACT.readTree(done.body());
        assertThat(postBody.get("hook_type").asString()).isEqualTo("POST_TRANSACTION");
        assertThat(postBody.get("transaction_id").asString()).isEqualTo(applied.get("transaction_id").asString());
        assertThat(postBody.get("data").get("status").asString()).isEqualTo("APPLIED");
        assertThat(postBody.get("data").get("precise_amount").bigIntegerValue()).isEqualTo(new java.math.BigInteger(HUGE));
        assertThat(done.body()).contains("\"precise_amount\":" + HUGE);
        assertThat(done.hookId()).isEqualTo(post);
        assertThat(done.validSignature()).isTrue();
        assertThat(postCalls).noneMatch(c -> c.body().contains(run + "-refused"));

        // And both show their last run as a success
        assertThat(awaitHook(post, h -> h.get("last_success").asBoolean()).get("last_run").asString())
                .isNotEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void aTimingOutAndAFailingHookAreRetriedThenDeadLetteredWhileAnotherHookAndTheTransferGoOn() throws Exception {
        // Given a hook whose endpoint answers after its 1 s timeout (2 retries), one that answers {"success":false}
        // (1 retry) and one that answers success
        String run = run();
        String slow = createHook("slow-" + run, endpoint + "/slow/" + run, "POST_TRANSACTION",
                ",\"timeout\":1,\"retry_count\":2");
        String failing = createHook("failing-" + run, endpoint + "/fail/" + run, "POST_TRANSACTION",
                ",\"retry_count\":1");
        String healthy = createHook("healthy-" + run, endpoint + "/ok/" + run, "POST_TRANSACTION", "");
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("hooks-" + run), "USD");

        // When a transfer applies
        ledger.postTransaction(run + "-paid", alice, bob, "10", false);
        assertThat(ledger.awaitOutcome(run + "-paid").get("status").asString()).isEqualTo("APPLIED");

        // Then the healthy hook got it once
        awaitCaughtUp(healthy);
        only(receiver.calls("/ok/" + run), run + "-paid_q\"");

        // And the slow one was tried 1 + 2 times and the failing one 1 + 1 times, each then dead-lettered with its id
        awaitCaughtUp(slow);
        awaitCaughtUp(failing);
        assertThat(attempts(receiver.calls("/slow/" + run), run + "-paid_q\"")).containsExactly("1", "2", "3");
        assertThat(attempts(receiver.calls("/fail/" + run), run + "-paid_q\"")).containsExactly("1", "2");
        Map<String, Map<String, String>> letters = hookDeadLetters(run + "-paid_q\"");
        assertThat(letters).containsOnlyKeys(slow, failing);
        assertThat(letters.get(slow)).containsEntry("ledgerline.webhook.attempts", "3")
                .containsEntry("ledgerline.webhook.event", "hook.POST_TRANSACTION");
        assertThat(letters.get(slow).get("ledgerline.webhook.reason")).startsWith("timed_out");
        assertThat(letters.get(failing)).containsEntry("ledgerline.webhook.attempts", "2");
        assertThat(letters.get(failing).get("ledgerline.webhook.reason")).isEqualTo("failed 200");

        // And GET shows the failures
        assertThat(awaitHook(failing, h -> !h.get("last_run").asString().startsWith("0001")).get("last_success")
                .asBoolean()).isFalse();
        assertThat(awaitHook(healthy, h -> h.get("last_success").asBoolean()).get("last_success").asBoolean()).isTrue();
    }

    @Test
    void hooksAreManagedAsLedgerDataAndInvalidRequestsAre4xxThatWriteNothing() throws Exception {
        String run = run();
        long hooksBefore = hooksTopicRecords();

        // When invalid hooks are posted, then each is a 400 HOOK_INVALID in Blnk's bare shape
        for (String invalid : List.of("{\"url\":\"\",\"type\":\"PRE_TRANSACTION\"}",
                "{\"url\":\"http://127.0.0.1/x\",\"type\":\"DURING_TRANSACTION\"}",
                "{\"url\":\"ftp://127.0.0.1/x\",\"type\":\"PRE_TRANSACTION\"}",
                "{\"url\":\"http://127.0.0.1/x\",\"type\":\"PRE_TRANSACTION\",\"timeout\":\"30\"}",
                "{\"url\":\"http://127.0.0.1/x\"", "[]")) {
            Http.Response refused = Http.post(ledger.url("/hooks"), invalid);
            assertThat(refused.status()).as(invalid).isEqualTo(400);
            assertThat(refused.body().get("code").asString()).isEqualTo("INVALID_INPUT");
            assertThat(refused.body().get("error_detail").get("code").asString()).isEqualTo("HOOK_INVALID");
            assertThat(refused.body().get("details").isObject()).isTrue();
        }

        // When a hook is created without "active", then it is active with Blnk's defaults
        Http.Response created = Http.post(ledger.url("/hooks"), "{\"name\":\"crud-" + run + "\",\"url\":\"" + endpoint
                + "/ok/" + run + "\",\"type\":\"POST_TRANSACTION\",\"timeout\":0,\"retry_count\":-1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(id).startsWith("hook_");
        assertThat(created.body().get("active").asBoolean()).isTrue();
        assertThat(created.body().get("timeout").asInt()).isEqualTo(30);
        assertThat(created.body().get("retry_count").asInt()).isEqualTo(3);
        assertThat(created.body().get("last_run").asString()).isEqualTo("0001-01-01T00:00:00Z");
        JsonNode stored = awaitHook(id, h -> true);
        assertThat(stored.get("created_at").asString()).isEqualTo(created.body().get("created_at").asString());

        // And the invalid requests wrote nothing: only the create reached ledger.hooks
        assertThat(hooksTopicRecords()).isEqualTo(hooksBefore + 1);

        // When it is replaced: an invalid PUT is refused, a valid one keeps created_at
        assertThat(Http.put(ledger.url("/hooks/" + id), "{\"url\":\"\",\"type\":\"POST_TRANSACTION\"}").status())
                .isEqualTo(400);
        Http.Response updated = Http.put(ledger.url("/hooks/" + id), "{\"name\":\"renamed\",\"url\":\"" + endpoint
                + "/ok/" + run + "\",\"type\":\"PRE_TRANSACTION\",\"active\":false}");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().get("created_at").asString()).isEqualTo(stored.get("created_at").asString());
        JsonNode renamed = awaitHook(id, h -> h.get("name").asString().equals("renamed"));
        assertThat(renamed.get("type").asString()).isEqualTo("PRE_TRANSACTION");
        assertThat(renamed.get("active").asBoolean()).isFalse();
        Http.Response pres = Http.get(ledger.url("/hooks?type=PRE_TRANSACTION"));
        assertThat(ids(pres.body())).contains(id);
        assertThat(ids(Http.get(ledger.url("/hooks?type=POST_TRANSACTION")).body())).doesNotContain(id);
        assertThat(Http.get(ledger.url("/hooks?type=OTHER")).raw()).isEqualTo("[]");

        // When it is deleted, then it is gone for GET, PUT and DELETE (404 HOOK_NOT_FOUND)
        HttpResponse<String> deleted = Http.withKey("DELETE", ledger.url("/hooks/" + id), null, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"message\":\"hook deleted successfully\"}");
        Http.Response gone = Http.await(ledger.url("/hooks/" + id), r -> r.status() == 404, PATIENCE);
        assertThat(gone.body().get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(gone.body().get("error_detail").get("code").asString()).isEqualTo("HOOK_NOT_FOUND");
        assertThat(Http.withKey("DELETE", ledger.url("/hooks/" + id), null, null).statusCode()).isEqualTo(404);
        assertThat(Http.put(ledger.url("/hooks/" + id), "{\"url\":\"http://h/x\",\"type\":\"PRE_TRANSACTION\"}")
                .status()).isEqualTo(404);
    }

    @Test
    void aHooksDeadLetterIsRedeliveredToThatHookOnlyWithItsEventIdAndAValidSignature() throws Exception {
        // Given a POST hook whose endpoint fails every call (one retry) and another POST hook that succeeds
        String run = run();
        String broken = createHook("broken-" + run, endpoint + "/fail/" + run + "/broken", "POST_TRANSACTION",
                ",\"retry_count\":1");
        String witness = createHook("witness-" + run, endpoint + "/ok/" + run + "/witness", "POST_TRANSACTION", "");
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("hooks-" + run), "USD");

        // When a transfer applies
        ledger.postTransaction(run + "-lost", alice, bob, "1", false);
        ledger.awaitOutcome(run + "-lost");

        // Then the broken hook's call is dead-lettered naming that hook, and the other hook got it once
        awaitCaughtUp(broken);
        awaitCaughtUp(witness);
        List<WebhookDeadLetterTool.DeadLetter> dead = new WebhookDeadLetterTool(stack.bootstrapServers())
                .list(PATIENCE).stream()
                .filter(d -> broken.equals(d.hookId())) // other tests' failing hooks dead-letter it too
                .filter(d -> new String(d.body(), StandardCharsets.UTF_8).contains(run + "-lost_q\"")).toList();
        assertThat(dead).hasSize(1);
        HookReceiver.Call failed = receiver.calls("/fail/" + run + "/broken").stream()
                .filter(c -> c.body().contains(run + "-lost_q\"")).findFirst().orElseThrow();
        only(receiver.calls("/ok/" + run + "/witness"), run + "-lost_q\"");

        // When the hook is pointed at an endpoint that works and the operator redelivers that dead letter
        Http.Response fixed = Http.put(ledger.url("/hooks/" + broken), "{\"name\":\"broken-" + run + "\",\"url\":\""
                + endpoint + "/ok/" + run + "/fixed\",\"type\":\"POST_TRANSACTION\"}");
        assertThat(fixed.status()).as(fixed.raw()).isEqualTo(200);
        awaitHook(broken, h -> h.get("url").asString().endsWith("/fixed"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = WebhookDeadLetterMain.run(new String[] {"redeliver", dead.get(0).address(), "--bootstrap-servers",
                stack.bootstrapServers()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("to hook " + broken);

        // Then that hook's endpoint is called with the original event id, body, type and trace, validly signed
        awaitTrue(() -> !receiver.calls("/ok/" + run + "/fixed").isEmpty(), "the redelivered call");
        HookReceiver.Call again = receiver.calls("/ok/" + run + "/fixed").get(0);
        assertThat(again.hookId()).isEqualTo(broken);
        assertThat(again.hookType()).isEqualTo("POST_TRANSACTION");
        assertThat(again.eventId()).isEqualTo(dead.get(0).eventId()).isEqualTo(failed.eventId());
        assertThat(again.body()).isEqualTo(failed.body());
        assertThat(again.traceparent()).isEqualTo(failed.traceparent());
        assertThat(again.validSignature()).isTrue();
        // And once the other hook's lane has read past the request, it was not called again
        awaitCaughtUp(witness, Topics.WEBHOOK_REDELIVERIES);
        only(receiver.calls("/ok/" + run + "/witness"), run + "-lost_q\"");
    }

    @Test
    void aDeletedHookIsCalledNoMore() throws Exception {
        // Given two POST hooks that both heard of a first transfer
        String run = run();
        String doomed = createHook("doomed-" + run, endpoint + "/ok/" + run + "/doomed", "POST_TRANSACTION", "");
        String witness = createHook("witness-" + run, endpoint + "/ok/" + run + "/witness", "POST_TRANSACTION", "");
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("hooks-" + run), "USD");
        ledger.postTransaction(run + "-first", alice, bob, "1", false);
        ledger.awaitOutcome(run + "-first");
        awaitCaughtUp(doomed);
        only(receiver.calls("/ok/" + run + "/doomed"), run + "-first_q\"");

        // When one is deleted (and reads show it gone), and a second transfer applies
        assertThat(Http.withKey("DELETE", ledger.url("/hooks/" + doomed), null, null).statusCode()).isEqualTo(200);
        Http.await(ledger.url("/hooks/" + doomed), r -> r.status() == 404, PATIENCE);
        ledger.postTransaction(run + "-second", alice, bob, "1", false);
        ledger.awaitOutcome(run + "-second");

        // Then the other hook hears of it and the deleted one does not
        awaitCaughtUp(witness);
        only(receiver.calls("/ok/" + run + "/witness"), run + "-second_q\"");
        assertThat(receiver.calls("/ok/" + run + "/doomed")).noneMatch(c -> c.body().contains(run + "-second"));
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(hook -> ids.add(hook.get("id").asString()));
        return ids;
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createHook(String name, String url, String type, String extra) {
        Http.Response created = Http.post(ledger.url("/hooks"), "{\"name\":\"" + name + "\",\"url\":\"" + url
                + "\",\"type\":\"" + type + "\"" + extra + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private static JsonNode awaitHook(String id, java.util.function.Predicate<JsonNode> done) {
        Http.Response hook = Http.await(ledger.url("/hooks/" + id), r -> r.status() == 200 && done.test(r.body()),
                PATIENCE);
        assertThat(hook.status()).as(hook.raw()).isEqualTo(200);
        assertThat(done.test(hook.body())).as(hook.raw()).isTrue();
        return hook.body();
    }

    /** The one call whose body contains {@code marker}. */
    private static HookReceiver.Call only(List<HookReceiver.Call> calls, String marker) {
        List<HookReceiver.Call> matching = calls.stream().filter(c -> c.body().contains(marker)).toList();
        assertThat(matching).as("calls containing %s", marker).hasSize(1);
        return matching.get(0);
    }

    private static List<String> attempts(List<HookReceiver.Call> calls, String marker) {
        return calls.stream().filter(c -> c.body().contains(marker)).map(HookReceiver.Call::attempt).toList();
    }

    /**
     * Waits until the hook's consumer group has committed past every record of ledger.transactions written until
     * now: every call it will make for them has been made (delivered or dead-lettered).
     */
    private static void awaitCaughtUp(String hookId) throws Exception {
        awaitCaughtUp(hookId, Topics.TRANSACTIONS);
    }

    /** As {@link #awaitCaughtUp(String)}, on {@code topic}. */
    private static void awaitCaughtUp(String hookId, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
             KafkaConsumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            awaitTrue(() -> {
                try {
                    String group = admin.listConsumerGroups().all().get().stream()
                            .map(ConsumerGroupListing::groupId)
                            .filter(g -> g.startsWith("ledgerline-hook-" + hookId + "-")).findFirst().orElse(null);
                    if (group == null) {
                        return false;
                    }
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue()));
                } catch (Exception e) {
                    return false;
                }
            }, "hook " + hookId + " caught up with " + end);
        }
    }

    /** Hook dead letters whose body contains {@code marker}: hook id → headers. */
    private static Map<String, Map<String, String>> hookDeadLetters(String marker) {
        Map<String, Map<String, String>> letters = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.WEBHOOK_DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    String hookId = headers.get("ledgerline.webhook.hook-id");
                    if (hookId != null && new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                        letters.put(hookId, headers);
                    }
                }
            }
        }
        return letters;
    }

    /** The records on ledger.hooks now (offsets would count the processor's transaction markers too). */
    private static long hooksTopicRecords() {
        long count = 0;
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.HOOKS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                count += reader.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }

    private static KafkaConsumer<String, byte[]> reader() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited %s for %s", PATIENCE, what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
