package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/**
 * The README walk-through as a test, on real parts: HTTP request to the gateway → Kafka (embedded
 * KRaft broker) → Kafka Streams processor → PostgreSQL projection (embedded) → HTTP reads through
 * the gateway. Every assertion is made on what a Blnk client would see.
 */
class TransferEndToEndIT {

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
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
        String ledgerId = ledger.createLedger("Customer Wallets");
        String alice = ledger.createBalance(ledgerId, "USD");
        String bob = ledger.createBalance(ledgerId, "USD");
        String run = UUID.randomUUID().toString();

        // when alice is funded from @World and pays bob
        Response queued = ledger.postTransaction(run + "-fund", "@World", alice, "10000", true);
        assertThat(queued.status()).isEqualTo(201);
        assertThat(queued.body().get("status").asString()).isEqualTo("QUEUED");
        assertThat(ledger.awaitOutcome(run + "-fund").get("status").asString()).isEqualTo("APPLIED");
        Response payment = ledger.postTransaction(run + "-pay", alice, bob, "2500", false);
        assertThat(payment.status()).isEqualTo(201);
        JsonNode paid = ledger.awaitOutcome(run + "-pay");

        // then the outcome is linked to the QUEUED record, which matches the 201, and balances add up
        String paymentId = payment.body().get("transaction_id").asString();
        assertThat(paid.get("status").asString()).isEqualTo("APPLIED");
        assertThat(paid.get("parent_transaction").asString()).isEqualTo(paymentId);
        Response queuedRecord = Http.await(ledger.url("/transactions/" + paymentId), r -> r.status() == 200,
                Ledger.PROJECTION_WAIT);
        assertThat(queuedRecord.body().get("status").asString()).isEqualTo("QUEUED");
        assertThat(queuedRecord.body().get("hash").asString()).isEqualTo(payment.body().get("hash").asString());
        assertThat(queuedRecord.body().get("meta_data").get("QUEUED_PARENT_TRANSACTION").asString()).isEqualTo(paymentId);
        BigInteger aliceBalance = ledger.awaitBalance(alice, new BigInteger("7500"));
        BigInteger bobBalance = ledger.awaitBalance(bob, new BigInteger("2500"));
        Response world = Http.get(ledger.url("/balances/indicator/%40World/currency/USD"));
        assertThat(world.status()).isEqualTo(200);
        // @World is shared by every test in this JVM, so check conservation over this test's own money only
        assertThat(aliceBalance.add(bobBalance)).isEqualTo(new BigInteger("10000"));
        assertThat(world.body().get("balance").bigIntegerValue().signum()).isNegative();
    }

    @Test
    void rejectsInsufficientFundsVisiblyAndChangesNothing() {
        // given
        String alice = ledger.fundedBalance("100");
        String bob = ledger.createBalance(ledger.createLedger("wallets"), "USD");
        String reference = UUID.randomUUID() + "-too-much";

        // when
        assertThat(ledger.postTransaction(reference, alice, bob, "101", false).status()).isEqualTo(201);

        // then
        JsonNode outcome = ledger.awaitOutcome(reference);
        assertThat(outcome.get("status").asString()).isEqualTo("REJECTED");
        assertThat(outcome.get("meta_data").get("blnk_rejection_reason").asString()).contains("insufficient funds");
        assertThat(ledger.balanceOf(alice)).isEqualTo(new BigInteger("100"));
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    @Test
    void rejectsAnUnknownBalance() {
        String alice = ledger.createBalance(ledger.createLedger("wallets"), "USD");
        String reference = UUID.randomUUID() + "-nowhere";

        ledger.postTransaction(reference, alice, "bln_" + UUID.randomUUID(), "1", false);

        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("REJECTED");
        assertThat(ledger.balanceOf(alice)).isZero();
    }

    @Test
    void keepsAmountsBeyondSixtyFourBitsExactAsBareJsonIntegers() {
        String alice = ledger.createBalance(ledger.createLedger("big"), "USD");
        String huge = BigInteger.TWO.pow(80).add(BigInteger.ONE).toString();
        String reference = UUID.randomUUID() + "-huge";

        ledger.postTransaction(reference, "@World", alice, huge, true);
        ledger.awaitOutcome(reference);

        Response balance = Http.await(ledger.url("/balances/" + alice),
                r -> r.status() == 200 && r.body().get("version").asLong() >= 1, Ledger.PROJECTION_WAIT);
        assertThat(balance.raw()).contains("\"balance\":" + huge);
        assertThat(balance.body().get("balance").bigIntegerValue()).isEqualTo(new BigInteger(huge));
    }

    @Test
    void refusesAnInvalidTransactionWithBlnksEnvelope() {
        Response response = Http.post(ledger.url("/transactions"),
                "{\"amount\":10,\"currency\":\"USD\",\"source\":\"@World\",\"destination\":\"@Shop\",\"description\":\"no reference\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error_detail").get("code").asString()).isEqualTo("TXN_VALIDATION_ERROR");
    }
}
