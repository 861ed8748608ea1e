package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/*
 * Goal: the queue views show what waits for the processor while it does not run, and drain to zero
 * once it runs again; the worker's /monitoring page shows those queues and its own meters
 * (throughput, rejections by reason, inflight commits and voids) and reloads itself.
 * Method: the whole stack in one JVM on a real broker and PostgreSQL (LedgerlineStack); the processor's
 * streams client is really stopped and started; everything is read over real HTTP.
 */
class QueueMonitoringIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String COMMANDS = "ledger.transaction-commands";

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @Test
    void transfers_wait_in_the_queue_while_the_processor_is_stopped_and_drain_when_it_runs_again() {
        // given a funded balance, a destination, and a drained queue
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("queue-shop"), "USD");
        awaitProjectionQueues(q -> q.at("/processor/total").asLong() == 0);

        List<String> references = new ArrayList<>();
        stack.pauseProcessor();
        try {
            // when five transfers are accepted while the processor does not run
            for (int i = 0; i < 5; i++) {
                String reference = "queued-" + i + "-" + UUID.randomUUID();
                Response accepted = ledger.postTransaction(reference, alice, bob, "10", false);
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
                references.add(reference);
            }

            // then the projection's /queues shows them waiting on ledger.transaction-commands, with an age
            JsonNode waiting = awaitProjectionQueues(q -> depthOn(q.at("/processor"), COMMANDS) == 5);
            assertThat(waiting.at("/processor/group_id").asString()).isEqualTo("ledgerline-processor");
            assertThat(waiting.at("/processor/oldest_age_seconds").asDouble()).isGreaterThan(0);

            // and so does the worker's own monitoring API and page, while its streams client is stopped
            JsonNode summary = awaitWorkerSummary(s -> depthOn(s.at("/queues"), COMMANDS) == 5);
            assertThat(summary.at("/service").asString()).isEqualTo("worker");
            Response page = Http.get(stack.processor() + "/monitoring");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.raw()).contains("<meta http-equiv=\"refresh\"", COMMANDS, "Depth per partition");
            assertThat(page.raw()).containsPattern("<td class=\"l\">" + COMMANDS.replace(".", "\\.") + "</td><td>5</td>");
        } finally {
            stack.resumeProcessor();
        }

        // when the processor runs again, then every transfer is applied and the queues drain to zero
        for (String reference : references) {
            assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("APPLIED");
        }
        JsonNode drained = awaitProjectionQueues(q -> q.at("/processor/total").asLong() == 0
                && q.at("/queued_transactions/count").asLong() == 0);
        assertThat(drained.at("/processor/oldest_age_seconds").asDouble()).isZero();
        JsonNode workerDrained = awaitWorkerSummary(s -> s.at("/queues/total").asLong() == 0);
        assertThat(workerDrained.at("/queues/oldest_age_seconds").asDouble()).isZero();
    }

    @Test
    void the_worker_page_shows_throughput_rejections_by_reason_and_settled_holds() {
        // given an applied transfer, a rejected one (insufficient funds), a committed hold and a voided hold
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("page-shop"), "USD");
        String paid = "paid-" + UUID.randomUUID();
        ledger.postTransaction(paid, alice, bob, "100", false);
        String broke = "broke-" + UUID.randomUUID();
        ledger.postTransaction(broke, alice, bob, "999999", false);
        assertThat(ledger.awaitOutcome(paid).get("status").asString()).isEqualTo("APPLIED");
        assertThat(ledger.awaitOutcome(broke).get("status").asString()).isEqualTo("REJECTED");
        settleHold(alice, bob, "commit");
        settleHold(alice, bob, "void");

        // when the worker's monitoring page and API are read
        JsonNode summary = awaitWorkerSummary(s -> meterCount(s, "blnk.inflight.void", null, null) >= 1);
        Response page = Http.get(stack.processor() + "/monitoring?refresh=2");

        // then they show the records by status, the rejection under Blnk's reason and both settled holds
        assertThat(meterCount(summary, "blnk.transaction", "status", "APPLIED")).isGreaterThanOrEqualTo(2);
        assertThat(meterCount(summary, "blnk.transaction.rejected", "reason", "insufficient_funds")).isGreaterThanOrEqualTo(1);
        assertThat(meterCount(summary, "blnk.inflight.commit", null, null)).isGreaterThanOrEqualTo(1);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw()).contains("<meta http-equiv=\"refresh\" content=\"2\">", "Throughput",
                "Rejections by reason", "insufficient_funds", "Inflight commits and voids", "blnk.inflight.commit",
                "blnk.inflight.void", "Processing time", "Retries", "Hash chain");
    }

    private static void settleHold(String source, String destination, String action) {
        String reference = "hold-" + action + "-" + UUID.randomUUID();
        Response hold = ledger.postTransaction(reference, source, destination, "5", false, ",\"inflight\":true");
        assertThat(hold.status()).as(hold.raw()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("INFLIGHT");
        Response settled = Http.put(ledger.url("/transactions/inflight/" + hold.body().get("transaction_id").asString()),
                "{\"status\":\"" + action + "\",\"skip_queue\":true}");
        assertThat(settled.status()).as(settled.raw()).isEqualTo(200);
    }

    /** Total count of a meter in the worker summary, over the rows whose tag {@code key} is {@code value} (all when null). */
    private static double meterCount(JsonNode summary, String name, String key, String value) {
        double total = 0;
        for (JsonNode meter : summary.get("meters")) {
            if (meter.get("name").asString().equals(name)
                    && (key == null || value.equals(meter.at("/tags/" + key).asString()))) {
                total += meter.get("count").asDouble();
            }
        }
        return total;
    }

    private static long depthOn(JsonNode backlog, String topic) {
        long depth = 0;
        for (JsonNode partition : backlog.get("partitions")) {
            if (partition.get("topic").asString().equals(topic)) {
                depth += partition.get("depth").asLong();
            }
        }
        return depth;
    }

    private static JsonNode awaitProjectionQueues(java.util.function.Predicate<JsonNode> done) {
        Response last = Http.await(stack.projection() + "/queues", r -> r.status() == 200 && done.test(r.body()), PATIENCE);
        assertThat(last.status()).isEqualTo(200);
        assertThat(done.test(last.body())).as("GET /queues: %s", last.raw()).isTrue();
        return last.body();
    }

    private static JsonNode awaitWorkerSummary(java.util.function.Predicate<JsonNode> done) {
        Response last = Http.await(stack.processor() + "/monitoring/api/summary",
                r -> r.status() == 200 && done.test(r.body()), PATIENCE);
        assertThat(last.status()).isEqualTo(200);
        assertThat(done.test(last.body())).as("GET /monitoring/api/summary: %s", last.raw()).isTrue();
        return last.body();
    }
}
