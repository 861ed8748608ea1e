package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import dev.ledgerline.projection.replay.Replay;
import dev.ledgerline.projection.replay.Replay.Report;
import dev.ledgerline.projection.replay.Replay.TableDigest;
import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * Issue part 4: replaying the event topics from offset zero into a fresh schema, with the live
 * projection's own writer, rebuilds every table identically (same rows, same digest).
 */
class ReplayIT {

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @Test
    void replayingTheLogIntoAFreshSchemaRebuildsEveryTableIdentically() throws Exception {
        // given a mixed workload: transfers, a rejection, a duplicate reference, a hold committed in part
        // and voided, a transfer to an @indicator balance, and a refund
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("5000");
        String replayLedger = ledger.createLedger("replay-" + run);
        String bob = ledger.createBalance(replayLedger, "USD");
        // a ledger renamed and patched (versions of ledger.ledgers), a balance patched (a METADATA entry)
        assertThat(Http.put(ledger.url("/ledgers/" + replayLedger), "{\"name\":\"renamed-" + run + "\"}").status())
                .isEqualTo(200);
        assertThat(Http.post(ledger.url("/" + replayLedger + "/metadata"), "{\"meta_data\":{\"region\":\"eu\"}}")
                .status()).isEqualTo(200);
        assertThat(Http.post(ledger.url("/" + bob + "/metadata"), "{\"meta_data\":{\"tier\":\"gold\"}}").status())
                .isEqualTo(200);
        Response paid = ledger.postTransaction(run + "-pay", alice, bob, "1200", false);
        assertThat(ledger.awaitOutcome(run + "-pay").get("status").asString()).isEqualTo("APPLIED");
        ledger.postTransaction(run + "-pay", alice, bob, "1200", false); // duplicate reference: never applies
        ledger.postTransaction(run + "-too-much", alice, bob, "999999", false);
        assertThat(ledger.awaitOutcome(run + "-too-much").get("status").asString()).isEqualTo("REJECTED");
        Response hold = ledger.postTransaction(run + "-hold", alice, bob, "300", false, ",\"inflight\":true");
        assertThat(ledger.awaitOutcome(run + "-hold").get("status").asString()).isEqualTo("INFLIGHT");
        String holdId = hold.body().get("transaction_id").asString();
        assertThat(Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"commit\",\"precise_amount\":100}")
                .status()).isEqualTo(200);
        assertThat(Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"void\",\"skip_queue\":true}")
                .status()).isEqualTo(200);
        // an identity created, tokenized and named by Bob's balance, another created and deleted (table identities)
        Response identity = Http.post(ledger.url("/identities"), "{\"identity_type\":\"individual\","
                + "\"first_name\":\"Ada\",\"phone_number\":\"+2348000000009\"}");
        assertThat(identity.status()).as(identity.raw()).isEqualTo(201);
        String identityId = identity.body().get("identity_id").asString();
        assertThat(Http.post(ledger.url("/identities/" + identityId + "/tokenize/PhoneNumber"), "").status())
                .isEqualTo(200);
        assertThat(Http.put(ledger.url("/balances/" + bob + "/identity"), "{\"identity_id\":\"" + identityId + "\"}")
                .status()).isEqualTo(200);
        String gone = Http.post(ledger.url("/identities"), "{\"identity_type\":\"organization\"}").body()
                .get("identity_id").asString();
        assertThat(Http.withKey("DELETE", ledger.url("/identities/" + gone), null, null).statusCode()).isEqualTo(200);
        // an account on Bob's balance, which names the identity (table accounts)
        Response account = Http.post(ledger.url("/accounts"), "{\"balance_id\":\"" + bob + "\",\"meta_data\":{\"k\":1}}");
        assertThat(account.status()).as(account.raw()).isEqualTo(201);
        // a balance monitor created, updated, and another created and deleted (table balance_monitors)
        Response monitor = Http.post(ledger.url("/balance-monitors"), "{\"balance_id\":\"" + bob
                + "\",\"condition\":{\"field\":\"balance\",\"operator\":\">\",\"value\":0.5,\"precision\":100}}");
        assertThat(monitor.status()).as(monitor.raw()).isEqualTo(201);
        assertThat(Http.put(ledger.url("/balance-monitors/" + monitor.body().get("monitor_id").asString()),
                "{\"condition\":{\"field\":\"balance\",\"operator\":\">=\",\"value\":1.25,\"precision\":100},"
                        + "\"description\":\"updated\"}").status()).isEqualTo(200);
        Response deleted = Http.post(ledger.url("/balance-monitors"), "{\"balance_id\":\"" + bob
                + "\",\"condition\":{\"field\":\"debit_balance\",\"operator\":\"=\",\"value\":7,\"precision\":1}}");
        assertThat(Http.withKey("DELETE", ledger.url("/balance-monitors/" + deleted.body().get("monitor_id").asString()),
                null, null).statusCode()).isEqualTo(200);
        ledger.postTransaction(run + "-fee", alice, "@ReplayFees" + run, "50", false);
        assertThat(ledger.awaitOutcome(run + "-fee").get("status").asString()).isEqualTo("APPLIED");
        // a balance tracking fund lineage, credited by a provider and debited (balances.allocation_strategy, the
        // shadow credit and release transactions and their @…_lineage balances)
        Response tracked = Http.post(ledger.url("/balances"), "{\"ledger_id\":\"" + replayLedger + "\",\"currency\":"
                + "\"USD\",\"identity_id\":\"" + identityId + "\",\"track_fund_lineage\":true,\"allocation_strategy\":\"LIFO\"}");
        assertThat(tracked.status()).as(tracked.raw()).isEqualTo(201);
        String trackedId = tracked.body().get("balance_id").asString();
        ledger.postTransaction(run + "-lin-in", "@World", trackedId, "400", true,
                ",\"meta_data\":{\"BLNK_LINEAGE_PROVIDER\":\"stripe\"}");
        assertThat(ledger.awaitOutcome(run + "-lin-in").get("status").asString()).isEqualTo("APPLIED");
        ledger.postTransaction(run + "-lin-out", trackedId, "@ReplayFees" + run, "150", false);
        assertThat(ledger.awaitOutcome(run + "-lin-out_release_stripe").get("status").asString()).isEqualTo("APPLIED");
        assertThat(ledger.awaitOutcome(run + "-lin-in_shadow_stripe").get("status").asString()).isEqualTo("APPLIED");
        String paymentId = paid.body().get("transaction_id").asString();
        assertThat(Http.post(ledger.url("/refund-transaction/" + paymentId), "{}").status()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(paymentId + "_refund").get("status").asString()).isEqualTo("APPLIED");
        // a metadata patch of the payment, which also reaches its outcome and refund records (table transaction_metadata)
        assertThat(Http.post(ledger.url("/" + paymentId + "/metadata"), "{\"meta_data\":{\"audited\":true}}").status())
                .isEqualTo(200);
        ledger.awaitBalanceFields(alice, b -> b.get("balance").asLong() == 4850 && b.get("inflight_debit_balance").asLong() == 0);
        ledger.awaitBalance(bob, BigInteger.valueOf(100));
        stack.awaitQuietLog();

        // when the log is replayed into a fresh schema
        String schema = "replay_it_" + run.replace('-', '_');
        ConnectionFactoryOptions database = ConnectionFactoryOptions.parse(stack.r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, "postgres").build();
        Report report = Replay.run(Replay.Options.of(stack.bootstrapServers(), database, schema));
        System.out.println(report.format());

        // then every table is identical, and holds this test's rows
        try {
            assertThat(report.records()).isPositive();
            assertThat(report.tables()).extracting(TableDigest::table)
                    .containsExactly("ledgers", "balances", "balance_entries", "transactions", "seals",
                            "waiting_transactions", "balance_monitors", "identities", "accounts",
                            "transaction_metadata");
            assertThat(report.tables()).allSatisfy(t -> assertThat(t.identical()).as(report.format()).isTrue());
            // at quiescence nothing waits for an outcome; every other table holds rows
            assertThat(report.tables()).filteredOn(t -> !t.table().equals("waiting_transactions"))
                    .allSatisfy(t -> assertThat(t.replayRows()).isPositive());
            assertThat(text("SELECT balance::text FROM " + schema + ".balances WHERE balance_id = '" + alice + "'"))
                    .isEqualTo("4850");
            assertThat(text("SELECT count(*)::text FROM " + schema + ".transactions WHERE reference LIKE '" + run + "-pay%'"))
                    .isEqualTo("3"); // QUEUED, APPLIED (_q) and the duplicate's REJECTED record
        } finally {
            Replay.dropSchema(Replay.connections(database, null), schema);
        }
        assertThat(Replay.schemaExists(Replay.connections(database, null), schema)).isFalse();
    }

    /** Waits until the event topics' end offsets stay put for a second (nothing of earlier tests still in flight). */
    private static String text(String sql) throws Exception {
        try (Connection connection = stack.database().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            return result.getString(1);
        }
    }
}
