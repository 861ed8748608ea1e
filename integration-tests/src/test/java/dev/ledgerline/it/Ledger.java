package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/** Steps a Blnk client takes, against the gateway of a running {@link LedgerlineStack}. */
final class Ledger {

    static final Duration PROJECTION_WAIT = Duration.ofSeconds(30);

    private final String gateway;

    Ledger(LedgerlineStack stack) {
        this.gateway = stack.gateway();
    }

    String url(String path) {
        return gateway + path;
    }

    String createLedger(String name) {
        Response created = Http.post(url("/ledgers"), "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String ledgerId = created.body().get("ledger_id").asString();
        assertThat(ledgerId).startsWith("ldg_");
        assertThat(Http.await(url("/ledgers/" + ledgerId), r -> r.status() == 200, PROJECTION_WAIT).status())
                .isEqualTo(200);
        return ledgerId;
    }

    String createBalance(String ledgerId, String currency) {
        Response created = Http.post(url("/balances"),
                "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"" + currency + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String balanceId = created.body().get("balance_id").asString();
        assertThat(balanceId).startsWith("bln_");
        return balanceId;
    }

    static String transferJson(String reference, String source, String destination, String preciseAmount,
                               boolean allowOverdraft, String extra) {
        return "{\"precise_amount\":" + preciseAmount + ",\"precision\":100,\"currency\":\"USD\",\"reference\":\""
                + reference + "\",\"description\":\"it\",\"source\":\"" + source + "\",\"destination\":\""
                + destination + "\",\"allow_overdraft\":" + allowOverdraft + extra + "}";
    }

    Response postTransaction(String reference, String source, String destination, String preciseAmount,
                             boolean allowOverdraft) {
        return Http.post(url("/transactions"), transferJson(reference, source, destination, preciseAmount,
                allowOverdraft, ""));
    }

    Response postTransaction(String reference, String source, String destination, String preciseAmount,
                             boolean allowOverdraft, String extra) {
        return Http.post(url("/transactions"), transferJson(reference, source, destination, preciseAmount,
                allowOverdraft, extra));
    }

    JsonNode awaitRecord(String reference) {
        Response record = Http.await(url("/transactions/reference/" + reference), r -> r.status() == 200,
                PROJECTION_WAIT);
        assertThat(record.status()).as("record %s: %s", reference, record.raw()).isEqualTo(200);
        return record.body();
    }

    JsonNode awaitOutcome(String reference) {
        return awaitRecord(reference + "_q");
    }

    /** The balance once its projection shows {@code expected} (or the last value seen after the wait). */
    BigInteger awaitBalance(String balanceId, BigInteger expected) {
        Response balance = Http.await(url("/balances/" + balanceId),
                r -> r.status() == 200 && r.body().get("balance").bigIntegerValue().equals(expected), PROJECTION_WAIT);
        assertThat(balance.status()).isEqualTo(200);
        return balance.body().get("balance").bigIntegerValue();
    }

    JsonNode awaitBalanceFields(String balanceId, java.util.function.Predicate<JsonNode> done) {
        Response balance = Http.await(url("/balances/" + balanceId), r -> r.status() == 200 && done.test(r.body()),
                PROJECTION_WAIT);
        assertThat(balance.status()).isEqualTo(200);
        return balance.body();
    }

    BigInteger balanceOf(String balanceId) {
        return Http.await(url("/balances/" + balanceId), r -> r.status() == 200, PROJECTION_WAIT).body()
                .get("balance").bigIntegerValue();
    }

    /** A USD balance in a new ledger, funded from @World with {@code amount} and projected. */
    /**
     * Returns once the gateway takes transaction writes: an empty one is answered 400, not 503
     * {@code QUEUE_BACKPRESSURE} ({@link Http} sends it again until then). For clients that do not retry, like the
     * SDK's checks, after a heavy test on the shared stack.
     */
    void awaitWritesAccepted() {
        Response probe = Http.post(url("/transactions"), "{}");
        assertThat(probe.status()).as(probe.raw()).isEqualTo(400);
    }

    String fundedBalance(String amount) {
        String balance = createBalance(createLedger("funded"), "USD");
        String reference = "fund-" + balance;
        postTransaction(reference, "@World", balance, amount, true);
        awaitOutcome(reference);
        awaitBalance(balance, new BigInteger(amount));
        return balance;
    }
}
