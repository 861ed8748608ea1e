package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.ledgerline.it.Http.Response;

/**
 * Goal: Blnk's fund lineage on real parts (Kafka, the three services, PostgreSQL). A balance created with
 * {@code track_fund_lineage} is credited by two providers ({@code meta_data.BLNK_LINEAGE_PROVIDER}); a debit is shared
 * out by the balance's strategy, recorded in {@code BLNK_FUND_ALLOCATION}, and mirrored by Blnk's shadow transactions
 * on {@code @…_lineage} balances; both lineage reads answer Blnk's shapes and numbers; bad requests get Blnk's codes.
 * An inflight payment sets the providers' funds aside and moves only what is committed; a payment between two tracked
 * balances carries the sender's providers to the receiver.
 */
class FundLineageEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        ledger = new Ledger(LedgerlineStack.get());
    }

    @Test
    void two_providers_credit_a_fifo_balance_and_a_debit_takes_from_the_first_one_first() {
        // given a FIFO-tracked balance credited 1000 by stripe, then 500 by paypal
        String run = UUID.randomUUID().toString().substring(0, 8);
        String identityId = identity();
        String wallet = trackedBalance(identityId, null);
        credit(run + "-stripe", wallet, "1000", "stripe");
        credit(run + "-paypal", wallet, "500", "paypal");

        // when 1200 is paid out of it
        Response paid = ledger.postTransaction(run + "-pay", wallet, "@Merchant" + run, "1200", false);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
        String payId = paid.body().get("transaction_id").asString();
        assertThat(ledger.awaitOutcome(run + "-pay").get("status").asString()).isEqualTo("APPLIED");

        // then the balance's lineage shows each provider's amount, what is left and what was spent
        JsonNode lineage = awaitLineage(wallet, l -> l.get("total_with_lineage").asLong() == 300);
        assertThat(lineage.get("balance_id").asString()).isEqualTo(wallet);
        assertThat(lineage.get("aggregate_balance_id").asString()).startsWith("bln_");
        JsonNode stripe = lineage.get("providers").get(0);
        JsonNode paypal = lineage.get("providers").get(1);
        assertThat(stripe.get("provider").asString()).isEqualTo("stripe");
        assertThat(new long[] {stripe.get("amount").asLong(), stripe.get("available").asLong(), stripe.get("spent").asLong()})
                .containsExactly(1000, 0, 1000);
        assertThat(paypal.get("provider").asString()).isEqualTo("paypal");
        assertThat(new long[] {paypal.get("amount").asLong(), paypal.get("available").asLong(), paypal.get("spent").asLong()})
                .containsExactly(500, 300, 200);
        // and the shadow balance is a real balance: Blnk's @<provider>_<identity>_lineage
        Response shadow = Http.get(ledger.url("/balances/" + stripe.get("shadow_balance_id").asString()));
        assertThat(shadow.body().get("indicator").asString()).isEqualTo("@stripe_" + identityId + "_lineage");

        // and the payment's lineage lists its allocation and its two releases, by its id or its outcome's id
        JsonNode txLineage = awaitTransactionLineage(payId, 2);
        assertThat(txLineage.get("transaction_id").asString()).isEqualTo(payId);
        assertThat(txLineage.get("fund_allocation").toString())
                .isEqualTo("[{\"amount\":1000,\"provider\":\"stripe\"},{\"amount\":200,\"provider\":\"paypal\"}]");
        assertThat(txLineage.get("shadow_transactions")).extracting(t -> t.get("reference").asString())
                .containsExactlyInAnyOrder(run + "-pay_release_stripe_q", run + "-pay_release_paypal_q");
        assertThat(txLineage.get("shadow_transactions")).allSatisfy(t -> {
            assertThat(t.get("status").asString()).isEqualTo("APPLIED");
            assertThat(t.get("meta_data").get("_shadow_for").asString()).isEqualTo(payId);
        });
        String outcomeId = ledger.awaitOutcome(run + "-pay").get("transaction_id").asString();
        Response byOutcome = Http.get(ledger.url("/transactions/" + outcomeId + "/lineage"));
        assertThat(byOutcome.body().get("fund_allocation").size()).isEqualTo(2);
        assertThat(byOutcome.body().get("shadow_transactions").size()).isEqualTo(2);
        // and a credit's lineage is its shadow credit, without an allocation
        String creditId = ledger.awaitRecord(run + "-stripe").get("transaction_id").asString();
        JsonNode creditLineage = awaitTransactionLineage(creditId, 1);
        assertThat(creditLineage.has("fund_allocation")).isFalse();
        assertThat(creditLineage.get("shadow_transactions").get(0).get("meta_data").get("_lineage_type").asString())
                .isEqualTo("credit");
    }

    @Test
    void a_proportional_balance_shares_a_debit_by_what_each_provider_has_left() {
        // given a PROPORTIONAL balance with 1000 from stripe and 500 from paypal
        String run = UUID.randomUUID().toString().substring(0, 8);
        String wallet = trackedBalance(identity(), "proportional");
        credit(run + "-stripe", wallet, "1000", "stripe");
        credit(run + "-paypal", wallet, "500", "paypal");

        // when 300 is paid out
        String payId = ledger.postTransaction(run + "-pay", wallet, "@Merchant" + run, "300", false).body()
                .get("transaction_id").asString();

        // then stripe pays 200 and paypal 100
        JsonNode txLineage = awaitTransactionLineage(payId, 2);
        assertThat(txLineage.get("fund_allocation").toString())
                .isEqualTo("[{\"amount\":200,\"provider\":\"stripe\"},{\"amount\":100,\"provider\":\"paypal\"}]");
        JsonNode lineage = awaitLineage(wallet, l -> l.get("total_with_lineage").asLong() == 1200);
        assertThat(lineage.get("providers")).extracting(p -> p.get("available").asLong()).containsExactly(800L, 400L);
        assertThat(Http.get(ledger.url("/balances/" + wallet)).body().get("allocation_strategy").asString())
                .isEqualTo("PROPORTIONAL");
    }

    @Test
    void an_inflight_payment_sets_the_providers_funds_aside_and_moves_only_what_is_committed() {
        // given a FIFO-tracked balance credited 1000 by stripe, then 500 by paypal
        String run = UUID.randomUUID().toString().substring(0, 8);
        String wallet = trackedBalance(identity(), null);
        credit(run + "-stripe", wallet, "1000", "stripe");
        credit(run + "-paypal", wallet, "500", "paypal");

        // when 1200 is held
        Response held = ledger.postTransaction(run + "-hold", wallet, "@Merchant" + run, "1200", false,
                ",\"inflight\":true");
        assertThat(held.status()).as(held.raw()).isEqualTo(201);
        String holdId = held.body().get("transaction_id").asString();
        assertThat(ledger.awaitOutcome(run + "-hold").get("status").asString()).isEqualTo("INFLIGHT");

        // then its lineage shows the shares set aside, and no shadow transaction exists yet
        Response setAside = Http.await(ledger.url("/transactions/" + holdId + "/lineage"),
                r -> r.status() == 200 && r.body().has("fund_allocation"), PATIENCE);
        assertThat(setAside.body().get("fund_allocation").toString()).as(setAside.raw())
                .isEqualTo("[{\"amount\":1000,\"provider\":\"stripe\"},{\"amount\":200,\"provider\":\"paypal\"}]");
        assertThat(setAside.body().get("shadow_transactions").size()).isZero();

        // when 1100 of it is committed and the rest voided
        Response commit = Http.put(ledger.url("/transactions/inflight/" + holdId),
                "{\"status\":\"commit\",\"precise_amount\":1100}");
        assertThat(commit.status()).as(commit.raw()).isEqualTo(200);
        assertThat(ledger.awaitRecord(run + "-hold_commit_1").get("status").asString()).isEqualTo("APPLIED");
        Response voided = Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"void\"}");
        assertThat(voided.status()).as(voided.raw()).isEqualTo(200);
        assertThat(ledger.awaitRecord(run + "-hold_void_2").get("status").asString()).isEqualTo("VOID");

        // then only the committed 1100 was released, stripe first, under Blnk's names
        JsonNode released = awaitTransactionLineage(holdId, 2);
        assertThat(released.get("shadow_transactions")).extracting(t -> t.get("reference").asString() + "="
                + t.get("precise_amount").asLong()).containsExactlyInAnyOrder(
                        run + "-hold_release_stripe_q=1000", run + "-hold_release_paypal_q=100");
        // and the commit's record says what it moved
        assertThat(ledger.awaitRecord(run + "-hold_commit_1").get("meta_data").get("BLNK_FUND_ALLOCATION").toString())
                .isEqualTo("[{\"amount\":1000,\"provider\":\"stripe\"},{\"amount\":100,\"provider\":\"paypal\"}]");
        // and the voided 100 is paypal's to spend again
        JsonNode lineage = awaitLineage(wallet, l -> l.get("total_with_lineage").asLong() == 400);
        assertThat(lineage.get("providers")).extracting(p -> p.get("provider").asString() + ":"
                + p.get("available").asLong() + "/" + p.get("spent").asLong())
                .containsExactly("stripe:0/1000", "paypal:400/100");
        Response next = ledger.postTransaction(run + "-next", wallet, "@Merchant" + run, "400", false);
        assertThat(next.status()).as(next.raw()).isEqualTo(201);
        assertThat(awaitTransactionLineage(next.body().get("transaction_id").asString(), 1).get("fund_allocation")
                .toString()).isEqualTo("[{\"amount\":400,\"provider\":\"paypal\"}]");
    }

    @Test
    void a_payment_between_two_tracked_balances_carries_the_senders_providers_to_the_receiver() {
        // given a tracked sender credited 1000 by stripe, and a tracked receiver of another identity
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sender = trackedBalance(identity(), null);
        String receiverIdentity = identity();
        String receiver = trackedBalance(receiverIdentity, null);
        credit(run + "-stripe", sender, "1000", "stripe");

        // when the sender pays it 600, tagged with a provider the sender never had
        Response paid = ledger.postTransaction(run + "-p2p", sender, receiver, "600", false,
                ",\"meta_data\":{\"BLNK_LINEAGE_PROVIDER\":\"paypal\"}");
        assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
        String paymentId = paid.body().get("transaction_id").asString();
        assertThat(ledger.awaitOutcome(run + "-p2p").get("status").asString()).isEqualTo("APPLIED");

        // then the payment released stripe's 600 at the sender and the receiver received it (Blnk's _receive_)
        JsonNode payment = awaitTransactionLineage(paymentId, 2);
        assertThat(payment.get("fund_allocation").toString()).isEqualTo("[{\"amount\":600,\"provider\":\"stripe\"}]");
        assertThat(payment.get("shadow_transactions")).extracting(t -> t.get("reference").asString())
                .containsExactlyInAnyOrder(run + "-p2p_release_stripe_q", run + "-p2p_receive_stripe_q");
        // and the receiver's lineage is stripe's 600, nothing of the tag
        JsonNode received = awaitLineage(receiver, l -> l.get("total_with_lineage").asLong() == 600);
        assertThat(received.get("providers")).singleElement().satisfies(p -> {
            assertThat(p.get("provider").asString()).isEqualTo("stripe");
            assertThat(new long[] {p.get("amount").asLong(), p.get("available").asLong(), p.get("spent").asLong()})
                    .containsExactly(600, 600, 0);
            assertThat(Http.get(ledger.url("/balances/" + p.get("shadow_balance_id").asString())).body()
                    .get("indicator").asString()).isEqualTo("@stripe_" + receiverIdentity + "_lineage");
        });
        // and the sender has 400 of stripe's left
        assertThat(awaitLineage(sender, l -> l.get("total_with_lineage").asLong() == 400).get("providers")
                .get(0).get("spent").asLong()).isEqualTo(600);
    }

    @Test
    void a_reference_in_a_shadow_transactions_form_is_refused() {
        Response refused = ledger.postTransaction("inv-" + UUID.randomUUID() + "_release_stripe", "@World",
                ledger.fundedBalance("1"), "1", true);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("error_detail").get("code").asString()).isEqualTo("TXN_VALIDATION_ERROR");
    }

    @Test
    void bad_requests_get_blnks_codes() {
        String ledgerId = ledger.createLedger("lineage-bad");
        String plain = ledger.fundedBalance("1");

        Response noIdentity = Http.post(ledger.url("/balances"), "{\"ledger_id\":\"" + ledgerId
                + "\",\"currency\":\"USD\",\"track_fund_lineage\":true}");
        Response badStrategy = Http.post(ledger.url("/balances"), "{\"ledger_id\":\"" + ledgerId
                + "\",\"currency\":\"USD\",\"identity_id\":\"idt_x\",\"track_fund_lineage\":true,"
                + "\"allocation_strategy\":\"RANDOM\"}");
        Response untracked = Http.get(ledger.url("/balances/" + plain + "/lineage"));
        Response missingBalance = Http.get(ledger.url("/balances/bln_" + UUID.randomUUID() + "/lineage"));
        Response missingTxn = Http.get(ledger.url("/transactions/txn_" + UUID.randomUUID() + "/lineage"));

        assertThat(noIdentity.status()).as(noIdentity.raw()).isEqualTo(400);
        assertThat(noIdentity.body().get("error_detail").get("code").asString()).isEqualTo("GEN_VALIDATION_ERROR");
        assertThat(badStrategy.status()).as(badStrategy.raw()).isEqualTo(400);
        assertThat(badStrategy.body().get("error_detail").get("message").asString()).contains("allocation_strategy");
        assertThat(untracked.status()).as(untracked.raw()).isEqualTo(400);
        assertThat(untracked.body().get("error_detail").get("code").asString()).isEqualTo("GEN_BAD_REQUEST");
        assertThat(missingBalance.status()).isEqualTo(404);
        assertThat(missingBalance.body().get("error_detail").get("code").asString()).isEqualTo("BAL_NOT_FOUND");
        assertThat(missingTxn.status()).isEqualTo(404);
        assertThat(missingTxn.body().get("error_detail").get("code").asString()).isEqualTo("TXN_NOT_FOUND");
        Response read = Http.get(ledger.url("/balances/" + plain));
        assertThat(read.body().get("track_fund_lineage").asBoolean()).isFalse();
    }

    private static String identity() {
        Response identity = Http.post(ledger.url("/identities"), "{\"identity_type\":\"individual\","
                + "\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}");
        assertThat(identity.status()).as(identity.raw()).isEqualTo(201);
        return identity.body().get("identity_id").asString();
    }

    private static String trackedBalance(String identityId, String strategy) {
        String ledgerId = ledger.createLedger("lineage");
        Response created = Http.post(ledger.url("/balances"), "{\"ledger_id\":\"" + ledgerId
                + "\",\"currency\":\"USD\",\"identity_id\":\"" + identityId + "\",\"track_fund_lineage\":true"
                + (strategy == null ? "" : ",\"allocation_strategy\":\"" + strategy + "\"") + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("track_fund_lineage").asBoolean()).isTrue();
        assertThat(created.body().get("allocation_strategy").asString())
                .isEqualTo(strategy == null ? "FIFO" : strategy.toUpperCase());
        return created.body().get("balance_id").asString();
    }

    private static void credit(String reference, String wallet, String amount, String provider) {
        Response sent = ledger.postTransaction(reference, "@World", wallet, amount, true,
                ",\"meta_data\":{\"BLNK_LINEAGE_PROVIDER\":\"" + provider + "\"}");
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("APPLIED");
    }

    private static JsonNode awaitLineage(String balanceId, java.util.function.Predicate<JsonNode> done) {
        Response lineage = Http.await(ledger.url("/balances/" + balanceId + "/lineage"),
                r -> r.status() == 200 && done.test(r.body()), PATIENCE);
        assertThat(lineage.status()).as(lineage.raw()).isEqualTo(200);
        assertThat(done.test(lineage.body())).as(lineage.raw()).isTrue();
        return lineage.body();
    }

    private static JsonNode awaitTransactionLineage(String transactionId, int shadows) {
        Response lineage = Http.await(ledger.url("/transactions/" + transactionId + "/lineage"),
                r -> r.status() == 200 && r.body().get("shadow_transactions").size() == shadows, PATIENCE);
        assertThat(lineage.status()).as(lineage.raw()).isEqualTo(200);
        assertThat(lineage.body().get("shadow_transactions").size()).as(lineage.raw()).isEqualTo(shadows);
        return lineage.body();
    }
}
