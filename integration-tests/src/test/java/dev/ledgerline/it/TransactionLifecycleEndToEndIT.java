package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/**
 * Blnk's two-phase, synchronous and refund flows through every layer on real parts: the HTTP
 * shapes and codes a Blnk client sees, and the balances the projection shows afterwards.
 */
class TransactionLifecycleEndToEndIT {

    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        ledger = new Ledger(LedgerlineStack.get());
    }

    @Test
    void skipQueueAnswersWithTheAppliedTransaction() {
        // given
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String reference = UUID.randomUUID() + "-now";

        // when
        Response applied = ledger.postTransaction(reference, alice, bob, "400", false, ",\"skip_queue\":true");

        // then
        assertThat(applied.status()).as(applied.raw()).isEqualTo(201);
        assertThat(applied.body().get("status").asString()).isEqualTo("APPLIED");
        assertThat(applied.body().get("reference").asString()).isEqualTo(reference);
        assertThat(ledger.awaitBalance(bob, new BigInteger("400"))).isEqualTo(new BigInteger("400"));
    }

    @Test
    void skipQueueAnswersInsufficientFundsWithBlnksCode() {
        String alice = ledger.fundedBalance("10");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");

        Response refused = ledger.postTransaction(UUID.randomUUID() + "-broke", alice, bob, "11", false,
                ",\"skip_queue\":true");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error_detail").get("code").asString()).isEqualTo("TXN_INSUFFICIENT_FUNDS");
    }

    @Test
    void aHoldIsCommittedInPartsAndTheRestVoided() {
        // given a hold of 300 out of 1000
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String reference = UUID.randomUUID() + "-hold";
        Response hold = ledger.postTransaction(reference, alice, bob, "300", false, ",\"inflight\":true");
        assertThat(hold.status()).isEqualTo(201);
        JsonNode inflight = ledger.awaitOutcome(reference);
        assertThat(inflight.get("status").asString()).isEqualTo("INFLIGHT");
        String holdId = hold.body().get("transaction_id").asString();

        // when 100 is committed (queued), then the rest voided synchronously, then a commit is tried again
        Response commit = Http.put(ledger.url("/transactions/inflight/" + holdId),
                "{\"status\":\"commit\",\"precise_amount\":100}");
        Response voided = Http.put(ledger.url("/transactions/inflight/" + holdId),
                "{\"status\":\"void\",\"skip_queue\":true}");
        Response again = Http.put(ledger.url("/transactions/inflight/" + holdId), "{\"status\":\"commit\"}");

        // then
        assertThat(commit.status()).as(commit.raw()).isEqualTo(200);
        assertThat(commit.body().get("queued").asBoolean()).isTrue();
        assertThat(voided.status()).as(voided.raw()).isEqualTo(200);
        assertThat(voided.body().get("status").asString()).isEqualTo("VOID");
        assertThat(voided.body().get("precise_amount").bigIntegerValue()).isEqualTo(new BigInteger("200"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error_detail").get("code").asString()).isEqualTo("TXN_ALREADY_VOIDED");
        JsonNode aliceAfter = ledger.awaitBalanceFields(alice,
                b -> b.get("balance").asLong() == 900 && b.get("inflight_debit_balance").asLong() == 0);
        assertThat(aliceAfter.get("debit_balance").asLong()).isEqualTo(100);
        JsonNode bobAfter = ledger.awaitBalanceFields(bob, b -> b.get("balance").asLong() == 100);
        assertThat(bobAfter.get("inflight_credit_balance").asLong()).isZero();
    }

    @Test
    void aTransactionIsRefundedOnceUnderBlnksDerivedReference() {
        // given
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String reference = UUID.randomUUID() + "-buy";
        Response bought = ledger.postTransaction(reference, alice, bob, "250", false);
        ledger.awaitOutcome(reference);
        String id = bought.body().get("transaction_id").asString();

        // when
        Response refund = Http.post(ledger.url("/refund-transaction/" + id), "{}");
        Response second = Http.post(ledger.url("/refund-transaction/" + id), "{}");

        // then
        assertThat(refund.status()).as(refund.raw()).isEqualTo(201);
        assertThat(refund.body().get("reference").asString()).isEqualTo(id + "_refund");
        assertThat(second.status()).isEqualTo(409);
        assertThat(ledger.awaitOutcome(id + "_refund").get("status").asString()).isEqualTo("APPLIED");
        assertThat(ledger.awaitBalance(alice, new BigInteger("1000"))).isEqualTo(new BigInteger("1000"));
        assertThat(ledger.awaitBalance(bob, BigInteger.ZERO)).isZero();
    }
}
