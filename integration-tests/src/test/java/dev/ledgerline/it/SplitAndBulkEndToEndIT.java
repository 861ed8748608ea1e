package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/**
 * Splits ({@code sources}/{@code destinations}) and {@code POST /transactions/bulk} as a Blnk client sees them, on
 * real parts: Blnk's shapes, leg references and codes, and all-or-nothing money movement checked on the projection.
 */
class SplitAndBulkEndToEndIT {

    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        ledger = new Ledger(LedgerlineStack.get());
    }

    private static String splitJson(String reference, String source, String destinationsJson, String amount,
                                    String extra) {
        return "{\"precise_amount\":" + amount + ",\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"description\":\"split\",\"source\":\"" + source + "\",\"destinations\":" + destinationsJson
                + extra + "}";
    }

    @Test
    void aQueuedSplitAnswersBlnksSplitObjectAndMovesEveryShare() {
        // given
        String alice = ledger.fundedBalance("1000");
        String shop = ledger.createLedger("shop");
        String bob = ledger.createBalance(shop, "USD");
        String carol = ledger.createBalance(shop, "USD");
        String dave = ledger.createBalance(shop, "USD");
        String reference = UUID.randomUUID() + "-split";

        // when 1000 is split: 100.00 fixed to bob, 25% to carol, the rest to dave
        Response split = Http.post(ledger.url("/transactions"), splitJson(reference, alice,
                "[{\"identifier\":\"" + bob + "\",\"distribution\":\"1.00\"},"
                        + "{\"identifier\":\"" + carol + "\",\"distribution\":\"25%\"},"
                        + "{\"identifier\":\"" + dave + "\",\"distribution\":\"left\"}]", "1000", ""));

        // then
        assertThat(split.status()).as(split.raw()).isEqualTo(201);
        JsonNode body = split.body();
        assertThat(body.get("status").asString()).isEqualTo("QUEUED");
        assertThat(body.get("transaction_id").asString()).isEqualTo(Ids.transactionIdForReference(reference));
        assertThat(body.get("destinations")).hasSize(3);
        assertThat(body.get("destinations").get(0).get("transaction_id").asString())
                .isEqualTo(Ids.transactionIdForReference(reference + "_1"));
        assertThat(ledger.awaitBalance(bob, new BigInteger("100"))).isEqualTo(new BigInteger("100"));
        assertThat(ledger.awaitBalance(carol, new BigInteger("250"))).isEqualTo(new BigInteger("250"));
        assertThat(ledger.awaitBalance(dave, new BigInteger("650"))).isEqualTo(new BigInteger("650"));
        assertThat(ledger.awaitBalance(alice, BigInteger.ZERO)).isZero();
        JsonNode leg = ledger.awaitOutcome(reference + "_2");
        assertThat(leg.get("status").asString()).isEqualTo("APPLIED");
        assertThat(leg.get("precise_amount").bigIntegerValue()).isEqualTo(new BigInteger("250"));
        assertThat(ledger.awaitRecord(reference + "_2").get("parent_transaction").asString())
                .isEqualTo(Ids.transactionIdForReference(reference));
    }

    @Test
    void aSkipQueueSplitFromTwoSourcesWhereOneCannotPayMovesNothingAndAnswersTheReason() {
        // given
        String rich = ledger.fundedBalance("1000");
        String poor = ledger.fundedBalance("10");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String reference = UUID.randomUUID() + "-split-broke";

        // when
        Response split = Http.post(ledger.url("/transactions"), "{\"precise_amount\":200,\"precision\":100,"
                + "\"currency\":\"USD\",\"reference\":\"" + reference + "\",\"description\":\"split\",\"destination\":\""
                + bob + "\",\"skip_queue\":true,\"sources\":[{\"identifier\":\"" + rich + "\",\"distribution\":\"50%\"},"
                + "{\"identifier\":\"" + poor + "\",\"distribution\":\"50%\"}]}");

        // then
        assertThat(split.status()).as(split.raw()).isEqualTo(400);
        assertThat(split.body().get("error_detail").get("code").asString()).isEqualTo("TXN_INSUFFICIENT_FUNDS");
        JsonNode released = ledger.awaitRecord(reference + "-1");
        assertThat(released.get("status").asString()).isEqualTo("REJECTED");
        assertThat(ledger.awaitBalanceFields(rich, b -> b.get("inflight_debit_balance").bigIntegerValue().signum() == 0)
                .get("balance").bigIntegerValue()).isEqualTo(new BigInteger("1000"));
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    @Test
    void anAtomicSkipQueueBulkAppliesEveryItemAndAnswersBlnksSummary() {
        // given
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String prefix = UUID.randomUUID().toString();
        String items = IntStream.range(0, 20).mapToObj(i -> Ledger.transferJson(prefix + "-" + i, alice, bob, "5",
                false, "")).collect(Collectors.joining(","));

        // when
        Response bulk = Http.post(ledger.url("/transactions/bulk"),
                "{\"atomic\":true,\"skip_queue\":true,\"transactions\":[" + items + "]}");

        // then
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(201);
        assertThat(bulk.body().get("batch_id").asString()).startsWith("bulk_");
        assertThat(bulk.body().get("status").asString()).isEqualTo("applied");
        assertThat(bulk.body().get("transaction_count").asInt()).isEqualTo(20);
        assertThat(ledger.awaitBalance(bob, new BigInteger("100"))).isEqualTo(new BigInteger("100"));
        JsonNode item = ledger.awaitRecord(prefix + "-3");
        assertThat(item.get("parent_transaction").asString()).isEqualTo(bulk.body().get("batch_id").asString());
        assertThat(item.get("meta_data").get("sequence").asInt()).isEqualTo(4);
    }

    @Test
    void anAtomicQueuedBulkWithOneBadItemAppliesNothing() {
        // given
        String alice = ledger.fundedBalance("100");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String prefix = UUID.randomUUID().toString();
        String items = Ledger.transferJson(prefix + "-0", alice, bob, "60", false, "") + ","
                + Ledger.transferJson(prefix + "-1", alice, bob, "60", false, "");

        // when the two items together overdraw alice
        Response bulk = Http.post(ledger.url("/transactions/bulk"), "{\"atomic\":true,\"transactions\":[" + items + "]}");

        // then
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(201);
        assertThat(bulk.body().get("status").asString()).isEqualTo("queued");
        JsonNode first = ledger.awaitOutcome(prefix + "-0");
        JsonNode second = ledger.awaitOutcome(prefix + "-1");
        assertThat(first.get("status").asString()).isEqualTo("REJECTED");
        assertThat(second.get("status").asString()).isEqualTo("REJECTED");
        assertThat(ledger.awaitBalanceFields(alice, b -> b.get("inflight_debit_balance").bigIntegerValue().signum() == 0)
                .get("balance").bigIntegerValue()).isEqualTo(new BigInteger("100"));
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    @Test
    void runAsyncAnswers202AndTheItemsApply() {
        String alice = ledger.fundedBalance("100");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String prefix = UUID.randomUUID().toString();

        Response bulk = Http.post(ledger.url("/transactions/bulk"), "{\"run_async\":true,\"transactions\":["
                + Ledger.transferJson(prefix + "-0", alice, bob, "30", false, "") + "]}");

        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(202);
        assertThat(bulk.body().get("status").asString()).isEqualTo("processing");
        assertThat(bulk.body().get("message").asString()).isEqualTo("Bulk transaction processing started");
        assertThat(ledger.awaitBalance(bob, new BigInteger("30"))).isEqualTo(new BigInteger("30"));
    }

    @Test
    void anInvalidItemOrAnEmptyOrRepeatedBatchIsRefusedWithItsIndexAndWritesNothing() {
        String prefix = UUID.randomUUID().toString();
        String good = Ledger.transferJson(prefix + "-ok", "@World", "@Shop", "1", true, "");

        Response invalid = Http.post(ledger.url("/transactions/bulk"), "{\"transactions\":[" + good + ","
                + "{\"currency\":\"USD\",\"reference\":\"" + prefix + "-bad\"}]}");
        Response empty = Http.post(ledger.url("/transactions/bulk"), "{\"transactions\":[]}");
        Response repeated = Http.post(ledger.url("/transactions/bulk"), "{\"transactions\":[" + good + "," + good + "]}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("error_detail").get("details").get("index").asInt()).isEqualTo(1);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error_detail").get("code").asString()).isEqualTo("TXN_BULK_EMPTY");
        assertThat(repeated.status()).isEqualTo(409);
        assertThat(Http.get(ledger.url("/transactions/reference/" + prefix + "-ok")).status()).isEqualTo(404);
    }

    @Test
    void anInflightSplitIsCommittedByItsOwnIdAndEveryLegSettles() {
        // given an inflight split of 300 from alice to bob and carol
        String alice = ledger.fundedBalance("1000");
        String shop = ledger.createLedger("shop");
        String bob = ledger.createBalance(shop, "USD");
        String carol = ledger.createBalance(shop, "USD");
        String reference = UUID.randomUUID() + "-split-hold";
        Response split = Http.post(ledger.url("/transactions"), splitJson(reference, alice,
                "[{\"identifier\":\"" + bob + "\",\"distribution\":\"50%\"},"
                        + "{\"identifier\":\"" + carol + "\",\"distribution\":\"50%\"}]", "300", ",\"inflight\":true"));
        assertThat(split.status()).as(split.raw()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(reference + "_1").get("status").asString()).isEqualTo("INFLIGHT");
        assertThat(ledger.awaitOutcome(reference + "_2").get("status").asString()).isEqualTo("INFLIGHT");

        // when the split's own id is committed
        Response commit = Http.put(ledger.url("/transactions/inflight/" + split.body().get("transaction_id").asString()),
                "{\"status\":\"commit\",\"skip_queue\":true}");

        // then both legs settle
        assertThat(commit.status()).as(commit.raw()).isEqualTo(200);
        assertThat(ledger.awaitBalance(bob, new BigInteger("150"))).isEqualTo(new BigInteger("150"));
        assertThat(ledger.awaitBalance(carol, new BigInteger("150"))).isEqualTo(new BigInteger("150"));
        assertThat(ledger.awaitBalance(alice, new BigInteger("700"))).isEqualTo(new BigInteger("700"));
    }

    @Test
    void aBulkBatchIsRefundedByItsBatchId() {
        // given an applied batch of two items
        String alice = ledger.fundedBalance("100");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String prefix = UUID.randomUUID().toString();
        Response bulk = Http.post(ledger.url("/transactions/bulk"), "{\"skip_queue\":true,\"transactions\":["
                + Ledger.transferJson(prefix + "-0", alice, bob, "30", false, "") + ","
                + Ledger.transferJson(prefix + "-1", alice, bob, "20", false, "") + "]}");
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(201);
        ledger.awaitRecord(prefix + "-0");
        ledger.awaitRecord(prefix + "-1");

        // when
        Response refund = Http.post(ledger.url("/refund-transaction/" + bulk.body().get("batch_id").asString()),
                "{\"skip_queue\":true}");

        // then every item is refunded
        assertThat(refund.status()).as(refund.raw()).isEqualTo(201);
        assertThat(ledger.awaitBalance(bob, BigInteger.ZERO)).isZero();
        assertThat(ledger.awaitBalance(alice, new BigInteger("100"))).isEqualTo(new BigInteger("100"));
    }

    @Test
    void aBatchOfTenThousandItemsIsOneDurableRecordAndAppliesAtomically() {
        // given 10,000 payments of 1 from one funded balance to two others (Blnk's limit)
        String alice = ledger.fundedBalance("10000");
        String shop = ledger.createLedger("shop");
        String bob = ledger.createBalance(shop, "USD");
        String carol = ledger.createBalance(shop, "USD");
        String prefix = UUID.randomUUID().toString();
        String items = IntStream.range(0, 10_000).mapToObj(i -> Ledger.transferJson(prefix + "-" + i, alice,
                i % 2 == 0 ? bob : carol, "1", false, "")).collect(Collectors.joining(","));

        // when
        Response bulk = Http.post(ledger.url("/transactions/bulk"),
                "{\"atomic\":true,\"skip_queue\":true,\"transactions\":[" + items + "]}", Duration.ofMinutes(4));

        // then
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(201);
        assertThat(bulk.body().get("transaction_count").asInt()).isEqualTo(10_000);
        assertThat(ledger.awaitBalance(bob, new BigInteger("5000"))).isEqualTo(new BigInteger("5000"));
        assertThat(ledger.awaitBalance(carol, new BigInteger("5000"))).isEqualTo(new BigInteger("5000"));
        assertThat(ledger.awaitBalance(alice, BigInteger.ZERO)).isZero();

        // and one more item than the limit is refused before anything is written
        Response tooMany = Http.post(ledger.url("/transactions/bulk"), "{\"transactions\":[" + items + ","
                + Ledger.transferJson(prefix + "-extra", alice, bob, "1", false, "") + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("error_detail").get("code").asString()).isEqualTo("TXN_BULK_LIMIT_EXCEEDED");
    }
}
