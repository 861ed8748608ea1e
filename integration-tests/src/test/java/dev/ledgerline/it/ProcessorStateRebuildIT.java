package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/**
 * Issue part 4: deleting ledger-processor's local state (RocksDB stores) and restarting it rebuilds
 * the stores from their changelogs: the next entries of each balance continue its chain (next
 * version, prev_hash = the head before the restart) with the right amounts, and a hold placed before
 * the restart can still be committed.
 *
 * <p>It restarts the Kafka Streams client of the shared {@link LedgerlineStack}'s processor (see
 * {@link LedgerlineStack#restartProcessorWithFreshState()}); it returns only once the
 * restarted processor has processed new transfers, so tests that run after it find a working stack.
 */
class ProcessorStateRebuildIT {

    private static final Duration AFTER_RESTART = Duration.ofSeconds(180);

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    record Head(long version, String hash, String balance) {
    }

    @Test
    void deletingTheStateAndRestartingContinuesEveryChainWithTheRightBalances() throws Exception {
        // given balances with history and an open hold
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("rebuild-" + run), "USD");
        ledger.postTransaction(run + "-pay", alice, bob, "300", false);
        assertThat(ledger.awaitOutcome(run + "-pay").get("status").asString()).isEqualTo("APPLIED");
        Response hold = ledger.postTransaction(run + "-hold", alice, bob, "100", false, ",\"inflight\":true");
        assertThat(ledger.awaitOutcome(run + "-hold").get("status").asString()).isEqualTo("INFLIGHT");
        ledger.awaitBalanceFields(alice, b -> b.get("balance").asLong() == 700 && b.get("inflight_debit_balance").asLong() == 100);
        ledger.awaitBalanceFields(bob, b -> b.get("inflight_credit_balance").asLong() == 100);
        Head aliceBefore = head(alice);
        Head bobBefore = head(bob);

        // when the processor's state directory is deleted and the processor restarted
        stack.restartProcessorWithFreshState();
        assertThat(Http.await(stack.processor() + "/health", r -> r.status() == 200, AFTER_RESTART).status()).isEqualTo(200);

        // and one more transfer is sent on the same balances, and the old hold committed
        assertThat(ledger.postTransaction(run + "-after", alice, bob, "50", false).status()).isEqualTo(201);
        assertThat(awaitRecord(run + "-after_q").get("status").asString()).isEqualTo("APPLIED");
        String holdId = hold.body().get("transaction_id").asString();
        Response commit = Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"commit\"}");
        assertThat(commit.status()).as(commit.raw()).isEqualTo(200);

        // then balances are right: the rebuilt stores knew the balances and the hold
        JsonNode aliceAfter = awaitBalance(alice, b -> b.get("balance").asLong() == 550
                && b.get("inflight_debit_balance").asLong() == 0);
        assertThat(aliceAfter.get("debit_balance").asLong()).isEqualTo(450);
        JsonNode bobAfter = awaitBalance(bob, b -> b.get("balance").asLong() == 450
                && b.get("inflight_credit_balance").asLong() == 0);
        assertThat(bobAfter.get("credit_balance").asLong()).isEqualTo(450);

        // and the first entry after the restart links to the head before it, and every chain is unbroken
        for (String balance : List.of(alice, bob)) {
            Head before = balance.equals(alice) ? aliceBefore : bobBefore;
            List<String[]> chain = chain(balance);
            assertThat(chain.size()).as("entries of %s", balance).isGreaterThan((int) before.version() + 1);
            String[] next = chain.get((int) before.version() + 1);
            assertThat(next[2]).as("prev_hash of %s v%d", balance, before.version() + 1).isEqualTo(before.hash());
            for (int v = 0; v < chain.size(); v++) {
                assertThat(Long.parseLong(chain.get(v)[0])).isEqualTo(v);
                String expectedPrev = v == 0 ? "0".repeat(64) : chain.get(v - 1)[1];
                assertThat(chain.get(v)[2]).as("prev_hash of %s v%d", balance, v).isEqualTo(expectedPrev);
            }
            assertThat(head(balance).hash()).isEqualTo(chain.get(chain.size() - 1)[1]);
        }
    }

    private static JsonNode awaitRecord(String reference) {
        Response record = Http.await(ledger.url("/transactions/reference/" + reference), r -> r.status() == 200, AFTER_RESTART);
        assertThat(record.status()).as("record %s: %s", reference, record.raw()).isEqualTo(200);
        return record.body();
    }

    private static JsonNode awaitBalance(String balanceId, java.util.function.Predicate<JsonNode> done) {
        Response balance = Http.await(ledger.url("/balances/" + balanceId), r -> r.status() == 200 && done.test(r.body()),
                AFTER_RESTART);
        assertThat(balance.status()).isEqualTo(200);
        assertThat(done.test(balance.body())).as(balance.raw()).isTrue();
        return balance.body();
    }

    private static Head head(String balanceId) throws Exception {
        try (Connection connection = stack.database().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT version, head_hash, balance::text FROM balances WHERE balance_id = ?")) {
            statement.setString(1, balanceId);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                return new Head(result.getLong(1), result.getString(2), result.getString(3));
            }
        }
    }

    /** version, hash, prev_hash of every entry of the balance, by version. */
    private static List<String[]> chain(String balanceId) throws Exception {
        List<String[]> chain = new ArrayList<>();
        try (Connection connection = stack.database().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT version, hash, prev_hash FROM balance_entries WHERE balance_id = ? ORDER BY version")) {
            statement.setString(1, balanceId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    chain.add(new String[] {Long.toString(result.getLong(1)), result.getString(2), result.getString(3)});
                }
            }
        }
        return chain;
    }
}
