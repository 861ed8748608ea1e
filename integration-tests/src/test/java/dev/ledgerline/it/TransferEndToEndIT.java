package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;

/**
 * The README walk-through as a test, on real parts: HTTP request to the gateway → Kafka (embedded
 * KRaft broker) → Kafka Streams processor → PostgreSQL projection (embedded) → HTTP reads through
 * the gateway. Every assertion is made on what a Blnk client would see.
 */
class TransferEndToEndIT {

    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(30);
    private static LedgerlineStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
    }

    @AfterAll
    static void stopStack() {
        LedgerlineStack.stop();
    }

    @Test
    void allThreeServicesReportHealthy() {
        assertThat(Http.get(stack.gateway() + "/health").status()).isEqualTo(200);
        Response worker = Http.get(stack.processor() + "/health");
        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.raw()).isEqualTo("{\"status\":\"UP\",\"service\":\"worker\"}");
        assertThat(Http.get(stack.projection() + "/health").status()).isEqualTo(200);
    }

    @Test
    void fundsMovesAndReadsBackBalancesThatSumToZero() {
        // given a ledger and two balances
        String ledgerId = createLedger("Customer Wallets");
        String alice = createBalance(ledgerId, "USD");
        String bob = createBalance(ledgerId, "USD");
        String run = UUID.randomUUID().toString();

        // when alice is funded from @World and pays bob
        Response queued = postTransaction(run + "-fund", "@World", alice, "10000", true);
        assertThat(queued.status()).isEqualTo(201);
        assertThat(queued.body().get("status").asString()).isEqualTo("QUEUED");
        assertThat(awaitOutcome(run + "-fund").get("status").asString()).isEqualTo("APPLIED");
        Response payment = postTransaction(run + "-pay", alice, bob, "2500", false);
        assertThat(payment.status()).isEqualTo(201);
        JsonOutcome paid = new JsonOutcome(awaitOutcome(run + "-pay"));

        // then the outcome is linked to the QUEUED record and balances add up
        assertThat(paid.status()).isEqualTo("APPLIED");
        String paymentId = payment.body().get("transaction_id").asString();
        assertThat(paid.parent()).isEqualTo(paymentId);
        Response queuedRecord = Http.await(stack.gateway() + "/transactions/" + paymentId, r -> r.status() == 200,
                PROJECTION_WAIT);
        assertThat(queuedRecord.body().get("status").asString()).isEqualTo("QUEUED");
        assertThat(queuedRecord.body().get("hash").asString()).isEqualTo(payment.body().get("hash").asString());
        assertThat(queuedRecord.body().get("meta_data").get("QUEUED_PARENT_TRANSACTION").asString()).isEqualTo(paymentId);
        BigInteger aliceBalance = awaitBalance(alice, new BigInteger("7500"));
        BigInteger bobBalance = awaitBalance(bob, new BigInteger("2500"));
        Response world = Http.get(stack.gateway() + "/balances/indicator/%40World/currency/USD");
        assertThat(world.status()).isEqualTo(200);
        // @World is shared by every test in this JVM, so check conservation over this test's own money only
        assertThat(aliceBalance.add(bobBalance)).isEqualTo(new BigInteger("10000"));
        assertThat(world.body().get("balance").bigIntegerValue().signum()).isNegative();
    }

    @Test
    void rejectsInsufficientFundsVisiblyAndChangesNothing() {
        // given
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");
        String bob = createBalance(ledgerId, "USD");
        String run = UUID.randomUUID().toString();
        postTransaction(run + "-fund", "@World", alice, "100", true);
        awaitOutcome(run + "-fund");
        awaitBalance(alice, new BigInteger("100"));

        // when
        assertThat(postTransaction(run + "-too-much", alice, bob, "101", false).status()).isEqualTo(201);

        // then
        var outcome = awaitOutcome(run + "-too-much");
        assertThat(outcome.get("status").asString()).isEqualTo("REJECTED");
        assertThat(outcome.get("meta_data").get("blnk_rejection_reason").asString()).contains("insufficient funds");
        assertThat(balanceOf(alice)).isEqualTo(new BigInteger("100"));
        assertThat(balanceOf(bob)).isZero();
    }

    @Test
    void rejectsAnUnknownBalance() {
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");
        String reference = UUID.randomUUID() + "-nowhere";

        postTransaction(reference, alice, "bln_" + UUID.randomUUID(), "1", false);

        var outcome = awaitOutcome(reference);
        assertThat(outcome.get("status").asString()).isEqualTo("REJECTED");
        assertThat(balanceOf(alice)).isZero();
    }

    @Test
    void keepsAmountsBeyondSixtyFourBitsExactAsBareJsonIntegers() {
        String ledgerId = createLedger("big");
        String alice = createBalance(ledgerId, "USD");
        String huge = BigInteger.TWO.pow(80).add(BigInteger.ONE).toString();
        String reference = UUID.randomUUID() + "-huge";

        postTransaction(reference, "@World", alice, huge, true);
        awaitOutcome(reference);

        Response balance = Http.await(stack.gateway() + "/balances/" + alice,
                r -> r.status() == 200 && r.body().get("version").asLong() >= 1, PROJECTION_WAIT);
        assertThat(balance.raw()).contains("\"balance\":" + huge);
        assertThat(balance.body().get("balance").bigIntegerValue()).isEqualTo(new BigInteger(huge));
    }

    @Test
    void refusesAnInvalidTransactionWithBlnksEnvelopeAndWritesNothing() {
        Response response = Http.post(stack.gateway() + "/transactions",
                "{\"amount\":10,\"currency\":\"USD\",\"source\":\"@World\",\"destination\":\"@Shop\",\"description\":\"no reference\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error_detail").get("code").asString()).isNotBlank();
    }

    // --- steps -----------------------------------------------------------------------------------

    private static String createLedger(String name) {
        Response created = Http.post(stack.gateway() + "/ledgers", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String ledgerId = created.body().get("ledger_id").asString();
        assertThat(ledgerId).startsWith("ldg_");
        assertThat(Http.await(stack.gateway() + "/ledgers/" + ledgerId, r -> r.status() == 200, PROJECTION_WAIT)
                .status()).isEqualTo(200);
        return ledgerId;
    }

    private static String createBalance(String ledgerId, String currency) {
        Response created = Http.post(stack.gateway() + "/balances",
                "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"" + currency + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String balanceId = created.body().get("balance_id").asString();
        assertThat(balanceId).startsWith("bln_");
        return balanceId;
    }

    private static Response postTransaction(String reference, String source, String destination, String preciseAmount,
                                            boolean allowOverdraft) {
        return Http.post(stack.gateway() + "/transactions", "{\"precise_amount\":" + preciseAmount
                + ",\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"description\":\"it\",\"source\":\"" + source + "\",\"destination\":\"" + destination
                + "\",\"allow_overdraft\":" + allowOverdraft + "}");
    }

    private static tools.jackson.databind.JsonNode awaitOutcome(String reference) {
        Response outcome = Http.await(stack.gateway() + "/transactions/reference/" + reference + "_q",
                r -> r.status() == 200, PROJECTION_WAIT);
        assertThat(outcome.status()).as("outcome of %s: %s", reference, outcome.raw()).isEqualTo(200);
        return outcome.body();
    }

    private static BigInteger awaitBalance(String balanceId, BigInteger expected) {
        Response balance = Http.await(stack.gateway() + "/balances/" + balanceId,
                r -> r.status() == 200 && r.body().get("balance").bigIntegerValue().equals(expected), PROJECTION_WAIT);
        assertThat(balance.status()).isEqualTo(200);
        return balance.body().get("balance").bigIntegerValue();
    }

    private static BigInteger balanceOf(String balanceId) {
        Response balance = Http.await(stack.gateway() + "/balances/" + balanceId, r -> r.status() == 200, PROJECTION_WAIT);
        return balance.body().get("balance").bigIntegerValue();
    }

    private record JsonOutcome(tools.jackson.databind.JsonNode node) {
        String status() {
            return node.get("status").asString();
        }

        String parent() {
            return node.get("parent_transaction").asString();
        }
    }
}
