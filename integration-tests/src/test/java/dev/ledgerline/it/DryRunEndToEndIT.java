package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.it.Http.Response;
import dev.ledgerline.schemas.Topics;
import tools.jackson.databind.JsonNode;

/**
 * Blnk's {@code dry_run: true} on real parts: the gateway previews from the projection with ledger-core's decisions,
 * answers 200 with Blnk's {@code TransactionPreview}, and writes nothing (no command on Kafka, no record, no balance
 * change).
 */
class DryRunEndToEndIT {

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    // ------------------------------------------------------------------ create

    @Test
    void aTransferThatWouldApplyShowsTheResultingBalancesAndWritesNothing() {
        // given alice with 1000 and bob with nothing
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();
        String reference = UUID.randomUUID() + "-dry";

        try (CommandTap tap = new CommandTap(stack.bootstrapServers())) {
            // when 300 is previewed
            Response preview = ledger.postTransaction(reference, alice, bob, "300", false, ",\"dry_run\":true");

            // then
            assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
            JsonNode body = preview.body();
            assertThat(body.get("dry_run").asBoolean()).isTrue();
            assertThat(body.get("would_apply").asBoolean()).isTrue();
            assertThat(body.get("rejection").isNull()).isTrue();
            assertThat(body.get("operation").asString()).isEqualTo("create");
            assertThat(body.get("status").asString()).isEqualTo("APPLIED");
            assertThat(body.get("reference").asString()).isEqualTo(reference);
            assertThat(body.get("currency").asString()).isEqualTo("USD");
            assertThat(body.get("precise_amount").isString()).isTrue();
            assertThat(body.get("precise_amount").asString()).isEqualTo("300");
            assertThat(body.get("amount").decimalValue()).isEqualByComparingTo("3.00");
            assertThat(body.get("precision").asLong()).isEqualTo(100);
            JsonNode source = balance(body, alice);
            assertThat(source.get("role").asString()).isEqualTo("source");
            assertThat(source.get("virtual").asBoolean()).isFalse();
            assertThat(source.get("current_balance").asString()).isEqualTo("1000");
            assertThat(source.get("resulting_balance").asString()).isEqualTo("700");
            assertThat(source.get("resulting_debit_balance").asString()).isEqualTo("300");
            JsonNode destination = balance(body, bob);
            assertThat(destination.get("role").asString()).isEqualTo("destination");
            assertThat(destination.get("current_balance").asString()).isEqualTo("0");
            assertThat(destination.get("resulting_balance").asString()).isEqualTo("300");
            assertThat(destination.get("resulting_credit_balance").asString()).isEqualTo("300");
            assertThat(body.get("legs")).hasSize(1);
            assertThat(body.get("legs").get(0).get("precise_amount").asString()).isEqualTo("300");
            assertThat(body.get("legs").get(0).get("would_apply").asBoolean()).isTrue();
            assertThat(body.get("notes").toString()).contains("queued transactions not yet applied are not included");

            // and nothing was written
            assertThat(tap.mentioning(Duration.ofSeconds(1), reference, Ids.transactionIdForReference(reference)))
                    .isEmpty();
        }
        assertNothingRecorded(reference);
        assertThat(ledger.balanceOf(alice)).isEqualTo(new BigInteger("1000"));
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    @Test
    void insufficientFundsIsARejectionInTheAnswerNotAnError() {
        // given
        String alice = ledger.fundedBalance("100");
        String bob = projectedBalance();
        String reference = UUID.randomUUID() + "-dry-broke";

        // when
        Response preview = ledger.postTransaction(reference, alice, bob, "500", false, ",\"dry_run\":true");

        // then
        assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
        JsonNode body = preview.body();
        assertThat(body.get("would_apply").asBoolean()).isFalse();
        assertThat(body.get("status").asString()).isEqualTo("REJECTED");
        assertThat(body.get("rejection").get("code").asString()).isEqualTo("TXN_INSUFFICIENT_FUNDS");
        assertThat(body.get("rejection").get("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(body.get("rejection").get("message").asString()).isNotBlank();
        assertThat(balance(body, alice).get("resulting_balance").asString()).isEqualTo("100");
        assertThat(balance(body, bob).get("resulting_balance").asString()).isEqualTo("0");
        assertNothingRecorded(reference);
    }

    @Test
    void anUnknownIndicatorIsVirtualAndAnUnknownBalanceIsNotFound() {
        // given
        String bob = projectedBalance();
        String indicator = "@Dry" + UUID.randomUUID().toString().replace("-", "");

        // when
        Response fromIndicator = Http.post(ledger.url("/transactions"), Ledger.transferJson(UUID.randomUUID() + "-ind",
                indicator, bob, "50", true, ",\"dry_run\":true"));
        Response toNowhere = Http.post(ledger.url("/transactions"), Ledger.transferJson(UUID.randomUUID() + "-nowhere",
                bob, "bln_" + UUID.randomUUID(), "50", true, ",\"dry_run\":true"));

        // then
        assertThat(fromIndicator.status()).as(fromIndicator.raw()).isEqualTo(200);
        assertThat(fromIndicator.body().get("would_apply").asBoolean()).isTrue();
        JsonNode virtual = balance(fromIndicator.body(), Ids.indicatorBalanceId(indicator, "USD"));
        assertThat(virtual.get("virtual").asBoolean()).isTrue();
        assertThat(virtual.get("current_balance").asString()).isEqualTo("0");
        assertThat(virtual.get("resulting_balance").asString()).isEqualTo("-50");
        assertThat(Http.get(ledger.url("/balances/indicator/" + indicator.replace("@", "%40") + "/currency/USD"))
                .status()).isEqualTo(404);
        assertThat(toNowhere.status()).as(toNowhere.raw()).isEqualTo(200);
        assertThat(toNowhere.body().get("rejection").get("reason").asString()).isEqualTo("DESTINATION_NOT_FOUND");
    }

    @Test
    void aUsedReferenceWouldBeADuplicate() {
        // given an applied transfer
        String alice = ledger.fundedBalance("100");
        String bob = projectedBalance();
        String reference = UUID.randomUUID() + "-used";
        ledger.postTransaction(reference, alice, bob, "10", false);
        ledger.awaitOutcome(reference);

        // when the same reference is previewed
        Response preview = ledger.postTransaction(reference, alice, bob, "10", false, ",\"dry_run\":true");

        // then
        assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
        assertThat(preview.body().get("rejection").get("code").asString()).isEqualTo("TXN_DUPLICATE_REFERENCE");
    }

    @Test
    void anInvalidDryRunIsRefusedLikeTheRealRequest() {
        Response invalid = Http.post(ledger.url("/transactions"), "{\"precise_amount\":0,\"precision\":100,"
                + "\"currency\":\"USD\",\"reference\":\"r\",\"description\":\"d\",\"source\":\"@A\","
                + "\"destination\":\"@B\",\"dry_run\":true}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("error_detail").get("code").asString()).isEqualTo("TXN_VALIDATION_ERROR");
    }

    @Test
    void invalidBulkAndInflightDryRunsAreRefusedLikeTheRealRequests() {
        String item = Ledger.transferJson(UUID.randomUUID() + "-twice", "@World", "@Shop", "1", true, "");

        Response empty = Http.post(ledger.url("/transactions/bulk"), "{\"dry_run\":true,\"transactions\":[]}");
        Response repeated = Http.post(ledger.url("/transactions/bulk"),
                "{\"dry_run\":true,\"transactions\":[" + item + "," + item + "]}");
        Response badAction = Http.put(ledger.url("/transactions/inflight/txn_" + UUID.randomUUID()),
                "{\"status\":\"settle\",\"dry_run\":true}");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error_detail").get("code").asString()).isEqualTo("TXN_BULK_EMPTY");
        assertThat(repeated.status()).isEqualTo(409);
        assertThat(badAction.status()).isEqualTo(400);
        assertThat(badAction.body().get("error_detail").get("code").asString()).isEqualTo("TXN_INVALID_STATUS_ACTION");
        Response emptyBulkVoid = Http.post(ledger.url("/transactions/inflight/bulk/void"),
                "{\"dry_run\":true,\"transaction_ids\":[]}");
        assertThat(emptyBulkVoid.status()).isEqualTo(400);
    }

    @Test
    void anInflightTransferWouldHoldTheAmount() {
        // given
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();

        // when
        Response preview = ledger.postTransaction(UUID.randomUUID() + "-dry-hold", alice, bob, "250", false,
                ",\"inflight\":true,\"dry_run\":true");

        // then
        assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
        assertThat(preview.body().get("status").asString()).isEqualTo("INFLIGHT");
        JsonNode source = balance(preview.body(), alice);
        assertThat(source.get("resulting_balance").asString()).isEqualTo("1000");
        assertThat(source.get("resulting_inflight_debit_balance").asString()).isEqualTo("250");
        assertThat(source.get("resulting_inflight_balance").asString()).isEqualTo("-250");
        assertThat(balance(preview.body(), bob).get("resulting_inflight_credit_balance").asString()).isEqualTo("250");
    }

    @Test
    void aSplitShowsEveryLegAndAllBalances() {
        // given
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();
        String carol = projectedBalance();
        String reference = UUID.randomUUID() + "-dry-split";

        // when 400 is split 25% / left
        Response preview = Http.post(ledger.url("/transactions"), "{\"precise_amount\":400,\"precision\":100,"
                + "\"currency\":\"USD\",\"reference\":\"" + reference + "\",\"description\":\"split\",\"source\":\""
                + alice + "\",\"dry_run\":true,\"destinations\":[{\"identifier\":\"" + bob + "\",\"distribution\":\"25%\"},"
                + "{\"identifier\":\"" + carol + "\",\"distribution\":\"left\"}]}");

        // then
        assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
        JsonNode body = preview.body();
        assertThat(body.get("would_apply").asBoolean()).isTrue();
        assertThat(body.get("legs")).hasSize(2);
        assertThat(body.get("legs").get(0).get("reference").asString()).isEqualTo(reference + "_1");
        assertThat(body.get("legs").get(0).get("precise_amount").asString()).isEqualTo("100");
        assertThat(body.get("legs").get(1).get("precise_amount").asString()).isEqualTo("300");
        assertThat(balance(body, alice).get("resulting_balance").asString()).isEqualTo("600");
        assertThat(balance(body, bob).get("resulting_balance").asString()).isEqualTo("100");
        assertThat(balance(body, carol).get("resulting_balance").asString()).isEqualTo("300");
        assertNothingRecorded(reference + "_1");
        assertThat(ledger.balanceOf(alice)).isEqualTo(new BigInteger("1000"));
    }

    // ------------------------------------------------------------------ bulk

    @Test
    void aBulkIsCumulativeSoTheSecondItemFailsAndAtomicMovesNothing() {
        // given alice with 100 and two items of 60
        String alice = ledger.fundedBalance("100");
        String bob = projectedBalance();
        String prefix = UUID.randomUUID().toString();
        String items = Ledger.transferJson(prefix + "-0", alice, bob, "60", false, "") + ","
                + Ledger.transferJson(prefix + "-1", alice, bob, "60", false, "");

        // when previewed as a plain batch and as an atomic one
        Response plain = Http.post(ledger.url("/transactions/bulk"), "{\"dry_run\":true,\"transactions\":[" + items + "]}");
        Response atomic = Http.post(ledger.url("/transactions/bulk"),
                "{\"dry_run\":true,\"atomic\":true,\"transactions\":[" + items + "]}");

        // then the second item sees the first one's debit
        assertThat(plain.status()).as(plain.raw()).isEqualTo(200);
        JsonNode body = plain.body();
        assertThat(body.get("dry_run").asBoolean()).isTrue();
        assertThat(body.get("cumulative").asBoolean()).isTrue();
        assertThat(body.get("atomic").asBoolean()).isFalse();
        assertThat(body.get("would_apply").asBoolean()).isFalse();
        assertThat(body.get("results")).hasSize(2);
        assertThat(body.get("results").get(0).get("would_apply").asBoolean()).isTrue();
        assertThat(body.get("results").get(1).get("would_apply").asBoolean()).isFalse();
        assertThat(body.get("results").get(1).get("rejection").get("code").asString()).isEqualTo("TXN_INSUFFICIENT_FUNDS");
        assertThat(balance(body, alice).get("resulting_balance").asString()).isEqualTo("40");
        assertThat(balance(body, bob).get("resulting_balance").asString()).isEqualTo("60");

        // and an atomic batch would move nothing
        assertThat(atomic.status()).as(atomic.raw()).isEqualTo(200);
        JsonNode all = atomic.body();
        assertThat(all.get("would_apply").asBoolean()).isFalse();
        assertThat(all.get("results").get(0).get("rejection").get("reason").asString()).isEqualTo("GROUP_ABORTED");
        assertThat(all.get("results").get(1).get("rejection").get("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(balance(all, alice).get("resulting_balance").asString()).isEqualTo("100");
        assertNothingRecorded(prefix + "-0");
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    // ------------------------------------------------------------------ commit, void

    @Test
    void commitAndVoidOfAHoldArePreviewedAndAVoidedHoldCannotBeCommitted() {
        // given a hold of 300 out of alice's 1000
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();
        String reference = UUID.randomUUID() + "-dry-hold";
        ledger.postTransaction(reference, alice, bob, "300", false, ",\"inflight\":true");
        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("INFLIGHT");
        ledger.awaitBalanceFields(bob, b -> b.get("inflight_credit_balance").bigIntegerValue().intValue() == 300);
        String root = Ids.transactionIdForReference(reference);

        try (CommandTap tap = new CommandTap(stack.bootstrapServers())) {
            // when a partial commit and a void are previewed
            Response commit = Http.put(ledger.url("/transactions/inflight/" + root),
                    "{\"status\":\"commit\",\"precise_amount\":100,\"dry_run\":true}");
            Response voided = Http.put(ledger.url("/transactions/inflight/" + root),
                    "{\"status\":\"void\",\"dry_run\":true}");

            // then
            assertThat(commit.status()).as(commit.raw()).isEqualTo(200);
            JsonNode body = commit.body();
            assertThat(body.get("operation").asString()).isEqualTo("commit");
            assertThat(body.get("would_apply").asBoolean()).isTrue();
            assertThat(body.get("status").asString()).isEqualTo("APPLIED");
            assertThat(body.get("precise_amount").asString()).isEqualTo("100");
            JsonNode source = balance(body, alice);
            assertThat(source.get("current_inflight_debit_balance").asString()).isEqualTo("300");
            assertThat(source.get("resulting_inflight_debit_balance").asString()).isEqualTo("200");
            assertThat(source.get("resulting_balance").asString()).isEqualTo("900");
            JsonNode destination = balance(body, bob);
            assertThat(destination.get("resulting_inflight_credit_balance").asString()).isEqualTo("200");
            assertThat(destination.get("resulting_balance").asString()).isEqualTo("100");

            assertThat(voided.status()).as(voided.raw()).isEqualTo(200);
            assertThat(voided.body().get("operation").asString()).isEqualTo("void");
            assertThat(voided.body().get("status").asString()).isEqualTo("VOID");
            assertThat(voided.body().get("precise_amount").asString()).isEqualTo("300");
            assertThat(balance(voided.body(), alice).get("resulting_inflight_debit_balance").asString()).isEqualTo("0");
            assertThat(balance(voided.body(), alice).get("resulting_balance").asString()).isEqualTo("1000");

            assertThat(tap.mentioning(Duration.ofSeconds(1), reference, root)).isEmpty();
        }
        assertNothingRecorded(reference + "_commit_1");
        assertThat(ledger.balanceOf(bob)).isZero();

        // and once it is really voided, a commit preview is refused with Blnk's code
        Response realVoid = Http.put(ledger.url("/transactions/inflight/" + root), "{\"status\":\"void\",\"skip_queue\":true}");
        assertThat(realVoid.status()).as(realVoid.raw()).isEqualTo(200);
        ledger.awaitRecord(reference + "_void_1");
        Response late = Http.put(ledger.url("/transactions/inflight/" + root), "{\"status\":\"commit\",\"dry_run\":true}");
        assertThat(late.status()).as(late.raw()).isEqualTo(200);
        assertThat(late.body().get("would_apply").asBoolean()).isFalse();
        assertThat(late.body().get("rejection").get("code").asString()).isEqualTo("TXN_ALREADY_VOIDED");
    }

    @Test
    void aBulkCommitPreviewIsCumulativePerHoldAndWritesNothing() {
        // given two holds of 300 and 200 out of alice's 1000
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();
        String first = UUID.randomUUID() + "-dry-bulk-a";
        String second = UUID.randomUUID() + "-dry-bulk-b";
        ledger.postTransaction(first, alice, bob, "300", false, ",\"inflight\":true");
        ledger.postTransaction(second, alice, bob, "200", false, ",\"inflight\":true");
        ledger.awaitOutcome(first);
        ledger.awaitOutcome(second);
        ledger.awaitBalanceFields(bob, b -> b.get("inflight_credit_balance").bigIntegerValue().intValue() == 500);
        String firstRoot = Ids.transactionIdForReference(first);
        String secondRoot = Ids.transactionIdForReference(second);
        String unknown = "txn_" + UUID.randomUUID();

        try (CommandTap tap = new CommandTap(stack.bootstrapServers())) {
            // when a bulk commit previews 100 of the first hold, the rest of it, all of the second, and an unknown id
            Response preview = Http.post(ledger.url("/transactions/inflight/bulk/commit"), "{\"dry_run\":true,"
                    + "\"transactions\":[{\"transaction_id\":\"" + firstRoot + "\",\"precise_amount\":100},"
                    + "{\"transaction_id\":\"" + firstRoot + "\"},{\"transaction_id\":\"" + firstRoot + "\"},"
                    + "{\"transaction_id\":\"" + secondRoot + "\"},{\"transaction_id\":\"" + unknown + "\"}]}");

            // then Blnk's bulk preview: each item sees what the items before it did, so the third finds the first hold
            // fully committed, and the repeated id is called out
            assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
            JsonNode body = preview.body();
            assertThat(body.get("dry_run").asBoolean()).isTrue();
            assertThat(body.get("would_apply").asBoolean()).isFalse();
            assertThat(body.get("cumulative").asBoolean()).isTrue();
            JsonNode results = body.get("results");
            assertThat(results).hasSize(5);
            assertThat(results.get(0).get("would_apply").asBoolean()).isTrue();
            assertThat(results.get(0).get("operation").asString()).isEqualTo("commit");
            assertThat(results.get(0).get("transaction_id").asString()).isEqualTo(firstRoot);
            assertThat(results.get(0).get("precise_amount").asString()).isEqualTo("100");
            assertThat(results.get(1).get("precise_amount").asString()).isEqualTo("200");
            assertThat(results.get(2).get("would_apply").asBoolean()).isFalse();
            assertThat(results.get(2).get("rejection").get("code").asString()).isEqualTo("TXN_ALREADY_COMMITTED");
            assertThat(results.get(3).get("would_apply").asBoolean()).isTrue();
            assertThat(results.get(4).get("rejection").get("code").asString()).isEqualTo("TXN_NOT_FOUND");
            assertThat(body.get("notes").toString()).contains("appears more than once", firstRoot);
            JsonNode source = balance(body, alice);
            assertThat(source.get("current_inflight_debit_balance").asString()).isEqualTo("500");
            assertThat(source.get("resulting_inflight_debit_balance").asString()).isEqualTo("0");
            assertThat(source.get("resulting_balance").asString()).isEqualTo("500");
            assertThat(balance(body, bob).get("resulting_balance").asString()).isEqualTo("500");

            // and a bulk void preview of the same holds would release both
            Response voids = Http.post(ledger.url("/transactions/inflight/bulk/void"), "{\"dry_run\":true,"
                    + "\"transaction_ids\":[\"" + firstRoot + "\",\"" + secondRoot + "\"]}");
            assertThat(voids.status()).as(voids.raw()).isEqualTo(200);
            assertThat(voids.body().get("would_apply").asBoolean()).isTrue();
            assertThat(voids.body().get("results").get(0).get("status").asString()).isEqualTo("VOID");
            assertThat(balance(voids.body(), alice).get("resulting_inflight_debit_balance").asString()).isEqualTo("0");
            assertThat(balance(voids.body(), alice).get("resulting_balance").asString()).isEqualTo("1000");

            assertThat(tap.mentioning(Duration.ofSeconds(1), firstRoot, secondRoot)).isEmpty();
        }
        assertNothingRecorded(first + "_commit_1");
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    @Test
    void anInflightSplitIsPreviewedCommittedByItsOwnIdLegByLeg() {
        // given an inflight split of 300 from alice to bob and carol
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();
        String carol = projectedBalance();
        String reference = UUID.randomUUID() + "-dry-split-hold";
        Response split = Http.post(ledger.url("/transactions"), "{\"precise_amount\":300,\"precision\":100,"
                + "\"currency\":\"USD\",\"reference\":\"" + reference + "\",\"description\":\"split\",\"source\":\""
                + alice + "\",\"inflight\":true,\"destinations\":[{\"identifier\":\"" + bob + "\",\"distribution\":\"50%\"},"
                + "{\"identifier\":\"" + carol + "\",\"distribution\":\"50%\"}]}");
        assertThat(split.status()).as(split.raw()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(reference + "_1").get("status").asString()).isEqualTo("INFLIGHT");
        assertThat(ledger.awaitOutcome(reference + "_2").get("status").asString()).isEqualTo("INFLIGHT");
        ledger.awaitBalanceFields(alice, b -> b.get("inflight_debit_balance").bigIntegerValue().intValue() == 300);

        // when the split's own id is committed as a dry run
        Response commit = Http.put(ledger.url("/transactions/inflight/" + Ids.transactionIdForReference(reference)),
                "{\"status\":\"commit\",\"dry_run\":true}");

        // then both legs would settle, and nothing did
        assertThat(commit.status()).as(commit.raw()).isEqualTo(200);
        assertThat(commit.body().get("would_apply").asBoolean()).isTrue();
        assertThat(commit.body().get("legs")).hasSize(2);
        assertThat(commit.body().get("precise_amount").asString()).isEqualTo("300");
        assertThat(balance(commit.body(), alice).get("resulting_balance").asString()).isEqualTo("700");
        assertThat(balance(commit.body(), bob).get("resulting_balance").asString()).isEqualTo("150");
        assertThat(balance(commit.body(), carol).get("resulting_balance").asString()).isEqualTo("150");
        assertNothingRecorded(reference + "_1_commit_1");
        assertThat(ledger.balanceOf(bob)).isZero();
    }

    // ------------------------------------------------------------------ refund

    @Test
    void aRefundIsPreviewedOnceAndNothingIsRefunded() {
        // given an applied transfer of 200 from alice to bob
        String alice = ledger.fundedBalance("1000");
        String bob = projectedBalance();
        String reference = UUID.randomUUID() + "-dry-refund";
        ledger.postTransaction(reference, alice, bob, "200", false);
        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("APPLIED");
        ledger.awaitBalance(bob, new BigInteger("200"));
        String root = Ids.transactionIdForReference(reference);

        try (CommandTap tap = new CommandTap(stack.bootstrapServers())) {
            // when
            Response refund = Http.post(ledger.url("/refund-transaction/" + root), "{\"dry_run\":true}");

            // then
            assertThat(refund.status()).as(refund.raw()).isEqualTo(200);
            JsonNode body = refund.body();
            assertThat(body.get("operation").asString()).isEqualTo("refund");
            assertThat(body.get("would_apply").asBoolean()).isTrue();
            assertThat(body.get("reference").asString()).isEqualTo(root + "_refund");
            assertThat(body.get("precise_amount").asString()).isEqualTo("200");
            assertThat(balance(body, bob).get("role").asString()).isEqualTo("source");
            assertThat(balance(body, bob).get("resulting_balance").asString()).isEqualTo("0");
            assertThat(balance(body, alice).get("resulting_balance").asString()).isEqualTo("1000");
            assertThat(tap.mentioning(Duration.ofSeconds(1), root)).isEmpty();
        }
        assertNothingRecorded(root + "_refund");
        assertThat(ledger.balanceOf(bob)).isEqualTo(new BigInteger("200"));

        // and an unknown transaction would not be found
        Response unknown = Http.post(ledger.url("/refund-transaction/txn_" + UUID.randomUUID()), "{\"dry_run\":true}");
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(200);
        assertThat(unknown.body().get("rejection").get("code").asString()).isEqualTo("TXN_NOT_FOUND");
    }

    // ------------------------------------------------------------------ helpers

    /** A USD balance in a new ledger, once the projection shows it (a preview reads the projection). */
    private static String projectedBalance() {
        String balance = ledger.createBalance(ledger.createLedger("dry"), "USD");
        assertThat(Http.await(ledger.url("/balances/" + balance), r -> r.status() == 200, Ledger.PROJECTION_WAIT)
                .status()).isEqualTo(200);
        return balance;
    }

    private static JsonNode balance(JsonNode preview, String balanceId) {
        for (JsonNode balance : preview.get("balances")) {
            if (balance.get("balance_id").asString().equals(balanceId)) {
                return balance;
            }
        }
        throw new AssertionError("no balance " + balanceId + " in " + preview);
    }

    /** No record with {@code reference} shows up, even after the processor and the projection had time. */
    private static void assertNothingRecorded(String reference) {
        Response record = Http.await(ledger.url("/transactions/reference/" + reference), r -> r.status() != 404,
                Duration.ofSeconds(2));
        assertThat(record.status()).as("record %s: %s", reference, record.raw()).isEqualTo(404);
    }

    /** Reads the command topics (every partition) from the moment it is opened: what the gateway publishes. */
    private static final class CommandTap implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;

        CommandTap(String bootstrapServers) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.TRANSACTION_COMMANDS, Topics.LEDGER_COMMANDS)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** The records arriving within {@code window} whose key or value mentions any of {@code needles}. */
        List<ConsumerRecord<String, byte[]>> mentioning(Duration window, String... needles) {
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                    for (String needle : needles) {
                        if (needle.equals(record.key()) || value.contains(needle)) {
                            found.add(record);
                            break;
                        }
                    }
                }
            }
            return found;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
