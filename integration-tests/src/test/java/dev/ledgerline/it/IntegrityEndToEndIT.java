package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import dev.ledgerline.projection.integrity.VerifyCommand;
import dev.ledgerline.projection.integrity.VerifyReport;
import tools.jackson.databind.JsonNode;

/**
 * Seals and the verifier on the real stack: after a small mixed workload (funding, a payment, a
 * refused overdraft, a hold and its commit), the processor has sealed the chain heads, the projection
 * lists the seals, and GET /integrity/verify through the gateway re-reads the log from offset zero and
 * answers valid. Then one projection row is edited directly in PostgreSQL and the verifier names it.
 */
class IntegrityEndToEndIT {

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @Test
    void theLogVerifiesAndAnEditedProjectionRowIsNamed() throws Exception {
        // given a mixed workload
        String ledgerId = ledger.createLedger("Integrity");
        String alice = ledger.createBalance(ledgerId, "USD");
        String bob = ledger.createBalance(ledgerId, "USD");
        String run = UUID.randomUUID().toString();
        ledger.postTransaction(run + "-fund", "@World", alice, "10000", true);
        assertThat(ledger.awaitOutcome(run + "-fund").get("status").asString()).isEqualTo("APPLIED");
        ledger.postTransaction(run + "-pay", alice, bob, "2500", false);
        ledger.postTransaction(run + "-overdraft", bob, alice, "999999", false);
        assertThat(ledger.awaitOutcome(run + "-overdraft").get("status").asString()).isEqualTo("REJECTED");
        Response hold = ledger.postTransaction(run + "-hold", alice, bob, "300", false, ",\"inflight\":true");
        assertThat(ledger.awaitOutcome(run + "-hold").get("status").asString()).isEqualTo("INFLIGHT");
        String holdId = hold.body().get("transaction_id").asString();
        Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"commit\"}");
        ledger.awaitBalanceFields(bob, b -> b.get("balance").asLong() == 2800);
        ledger.awaitBalanceFields(alice, b -> b.get("balance").asLong() == 7200);

        // then seals appear (one per partition per second while heads change) and the projection lists them
        Response seals = Http.await(ledger.url("/integrity/seals?limit=100"),
                r -> r.status() == 200 && r.body().isArray() && r.body().size() > 0, Duration.ofSeconds(30));
        assertThat(seals.status()).isEqualTo(200);
        JsonNode seal = seals.body().get(0);
        assertThat(seal.get("seal_hash").asString()).hasSize(64);
        assertThat(seal.get("heads").isArray()).isTrue();

        // and the verifier, through the gateway, finds the log and the projection intact
        Response valid = Http.await(ledger.url("/integrity/verify"),
                r -> r.status() == 200 && r.body().get("valid").asBoolean(), Duration.ofSeconds(60));
        assertThat(valid.status()).as(valid.raw()).isEqualTo(200);
        assertThat(valid.body().get("valid").asBoolean()).as(valid.raw()).isTrue();
        assertThat(valid.body().get("entries_checked").asLong()).isPositive();
        assertThat(valid.body().get("seals_checked").asLong()).isPositive();
        assertThat(valid.body().get("first_broken").isNull()).isTrue();
        Response onlyBob = Http.get(ledger.url("/integrity/verify?balance_id=" + bob));
        assertThat(onlyBob.body().get("valid").asBoolean()).as(onlyBob.raw()).isTrue();
        // and so does the command (dev/verify.sh runs VerifyCommand)
        VerifyReport command = VerifyCommand.run(stack.bootstrapServers(), stack.r2dbcUrl(), null);
        assertThat(command.valid()).as(command.toString()).isTrue();
        assertThat(command.sealsChecked()).isPositive();

        // and a repeat run starts where the last valid one ended: after one more payment it reads only what came since
        ledger.postTransaction(run + "-more", alice, bob, "100", false);
        assertThat(ledger.awaitOutcome(run + "-more").get("status").asString()).isEqualTo("APPLIED");
        ledger.awaitBalanceFields(bob, b -> b.get("balance").asLong() == 2900);
        Response again = Http.await(ledger.url("/integrity/verify"),
                r -> r.status() == 200 && r.body().get("valid").asBoolean(), Duration.ofSeconds(60));
        assertThat(again.body().get("incremental").asBoolean()).as(again.raw()).isTrue();
        assertThat(again.body().get("entries_checked").asLong()).as(again.raw()).isLessThan(command.entriesChecked());
        // while full=true re-reads everything
        Response full = Http.get(ledger.url("/integrity/verify?full=true"));
        assertThat(full.body().get("valid").asBoolean()).as(full.raw()).isTrue();
        assertThat(full.body().get("incremental").asBoolean()).isFalse();
        assertThat(full.body().get("entries_checked").asLong()).isGreaterThanOrEqualTo(command.entriesChecked() + 2);

        // when bob's balances row is edited behind the ledger's back
        String original = updateBalance(bob, "1000000");
        try {
            // then the verifier answers invalid and names bob
            Response broken = Http.get(ledger.url("/integrity/verify"));
            assertThat(broken.status()).isEqualTo(200);
            assertThat(broken.body().get("valid").asBoolean()).as(broken.raw()).isFalse();
            JsonNode first = broken.body().get("first_broken");
            assertThat(first.get("balance_id").asString()).isEqualTo(bob);
            assertThat(first.get("topic").asString()).isEqualTo("ledger.entries");
            assertThat(first.get("reason").asString()).startsWith("projection_balance_mismatch");
            VerifyReport byCommand = VerifyCommand.run(stack.bootstrapServers(), stack.r2dbcUrl(), bob);
            assertThat(byCommand.valid()).isFalse();
            assertThat(byCommand.firstBroken().balanceId()).isEqualTo(bob);
        } finally {
            updateBalance(bob, original);
        }
    }

    /** Sets the {@code balance} column of one row and returns the previous value. */
    private static String updateBalance(String balanceId, String value) throws Exception {
        try (Connection connection = stack.database().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE balances b SET balance = ?::numeric FROM balances old"
                             + " WHERE b.balance_id = ? AND old.balance_id = b.balance_id RETURNING old.balance::text")) {
            statement.setString(1, value);
            statement.setString(2, balanceId);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }
}
