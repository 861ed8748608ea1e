package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.examples.balances.RunningBalances;
import tools.jackson.databind.JsonNode;

/**
 * Issue part 6: the example consumer, run against the real stack, reads ledger.entries from the
 * start (every test's entries in this JVM, so its gapless-version check covers them all) and ends
 * with the same balance as GET /balances/{id} for every balance of a workload.
 */
class RunningBalancesIT {

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @Test
    void runningTotalsFromTheEventsEqualTheApiBalances() {
        // given a workload over three balances: transfers, a rejection, a hold partly committed
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("1000");
        String ledgerId = ledger.createLedger("consumers-" + run);
        String bob = ledger.createBalance(ledgerId, "USD");
        String carol = ledger.createBalance(ledgerId, "USD");
        ledger.postTransaction(run + "-1", alice, bob, "250", false);
        ledger.postTransaction(run + "-2", alice, carol, "5000", false); // rejected: insufficient funds
        ledger.postTransaction(run + "-3", alice, carol, "70", false, ",\"inflight\":true");
        assertThat(ledger.awaitOutcome(run + "-1").get("status").asString()).isEqualTo("APPLIED");
        assertThat(ledger.awaitOutcome(run + "-2").get("status").asString()).isEqualTo("REJECTED");
        String holdId = ledger.awaitRecord(run + "-3").get("transaction_id").asString();
        assertThat(ledger.awaitOutcome(run + "-3").get("status").asString()).isEqualTo("INFLIGHT");
        assertThat(Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"commit\",\"precise_amount\":20}")
                .status()).isEqualTo(200);
        ledger.postTransaction(run + "-4", bob, carol, "100", false);
        assertThat(ledger.awaitOutcome(run + "-4").get("status").asString()).isEqualTo("APPLIED");
        ledger.awaitBalanceFields(alice, b -> b.get("balance").asLong() == 730);
        ledger.awaitBalance(bob, BigInteger.valueOf(150));
        ledger.awaitBalance(carol, BigInteger.valueOf(120));
        Map<String, JsonNode> api = new LinkedHashMap<>();
        for (String id : List.of(alice, bob, carol)) {
            api.put(id, Http.get(ledger.url("/balances/" + id)).body());
        }

        // when the example consumer reads ledger.entries from the start
        try (RunningBalances running = new RunningBalances(stack.bootstrapServers(), "it-running-" + run)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!caughtUp(running, api) && System.nanoTime() < deadline) {
                running.poll(Duration.ofMillis(200));
            }

            // then its totals are the API's
            for (Map.Entry<String, JsonNode> balance : api.entrySet()) {
                assertThat(running.version(balance.getKey())).as("version of %s", balance.getKey())
                        .isEqualTo(balance.getValue().get("version").asLong());
                assertThat(running.balance(balance.getKey())).as("balance of %s", balance.getKey())
                        .isEqualTo(balance.getValue().get("balance").bigIntegerValue());
            }
            assertThat(running.balance(alice)).isEqualTo(BigInteger.valueOf(730));
        }
    }

    private static boolean caughtUp(RunningBalances running, Map<String, JsonNode> api) {
        return api.entrySet().stream().allMatch(e -> Long.valueOf(e.getValue().get("version").asLong())
                .equals(running.version(e.getKey())));
    }
}
