package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.TransactionHash;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import dev.ledgerline.gateway.support.HttpClients;
import dev.ledgerline.gateway.support.FakeLedgerProcessor;
import dev.ledgerline.gateway.support.FakeLedgerProcessor.ReceivedTransaction;
import dev.ledgerline.gateway.support.ProjectionStub;
import dev.ledgerline.gateway.support.TopicTap;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * Inflight, scheduled and {@code skip_queue} transactions, commit/void (single and bulk) and refunds,
 * over HTTP against a real embedded KRaft broker. The test plays the processor
 * ({@link FakeLedgerProcessor}, answering as docs/design/transactions-v2.md says) and the projection
 * ({@link ProjectionStub}).
 */
@ExtendWith(EmbeddedBrokerExtension.class) // declared first: stops the broker after Spring closed the gateway
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class TransactionLifecycleHttpApiTest {

    private static final ProjectionStub PROJECTION = new ProjectionStub();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final String NOT_FOUND_BODY = "{\"error\":\"transaction not found\",\"error_detail\":"
            + "{\"code\":\"TXN_NOT_FOUND\",\"message\":\"transaction not found\",\"details\":{}}}";

    private static final String ROOT = Ids.transactionIdForReference("ref-hold");
    private static final String INFLIGHT_Q = Ids.outcomeTransactionId(ROOT);

    @DynamicPropertySource
    static void gatewayPointsAtTestPeers(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.projection-url", PROJECTION::url);
        registry.add("ledgerline.reply-timeout", () -> "3s");
    }

    @LocalServerPort
    int port;

    WebTestClient http;
    FakeLedgerProcessor processor;

    @BeforeAll
    void startPeers() {
        http = HttpClients.freshConnections(base());
        processor = new FakeLedgerProcessor(EmbeddedBrokerExtension.bootstrapServers());
    }

    @BeforeEach
    void processorAnswersAsTheContractSaysAndTheProjectionKnowsNothing() {
        processor.decideTransaction = FakeLedgerProcessor::answerAsTheContractSays;
        processor.receivedTransactions.clear();
        PROJECTION.routes.clear();
        // The list of children (legs of a split or bulk batch), asked for an id without a record: none.
        PROJECTION.routes.put("/transactions", new ProjectionStub.Answer(200, "[]"));
        PROJECTION.status = 404;
        PROJECTION.body = NOT_FOUND_BODY;
    }

    @AfterAll
    void stopEverything() throws InterruptedException {
        processor.close();
        PROJECTION.close();
    }

    // ---------------------------------------------------------------- POST /transactions

    @Test
    void anInflightTransactionIsQueuedWithItsDeadlinesOnTheSpecAndEchoedInTheAnswer() throws Exception {
        // Given an inflight request with an expiry and a commit date (one of them already past)
        String body = transfer("\"precise_amount\":5000,\"precision\":100,\"inflight\":true,"
                + "\"inflight_expiry_date\":\"2030-01-02T03:04:05Z\",\"inflight_commit_date\":\"2020-01-01T00:00:00.5+01:00\"", "ref-inflight");

        // When it is posted
        Response response = post("/transactions", body);

        // Then 201 QUEUED with inflight true and both dates in UTC
        assertThat(response.status).isEqualTo(201);
        assertThat(response.json.get("status").stringValue()).isEqualTo("QUEUED");
        assertThat(response.json.get("inflight").booleanValue()).isTrue();
        assertThat(response.json.get("inflight_expiry_date").stringValue()).isEqualTo("2030-01-02T03:04:05Z");
        assertThat(response.json.get("inflight_commit_date").stringValue()).isEqualTo("2019-12-31T23:00:00.5Z");
        assertThat(response.json.get("scheduled_for").stringValue()).isEqualTo(ZERO_TIME);

        // And the spec on the topic carries the hold and its deadlines in epoch ms
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(Ids.transactionIdForReference("ref-inflight"));
        RecordTransaction record = (RecordTransaction) received.command().getPayload();
        assertThat(record.getSkipQueue()).isFalse();
        TransactionSpec spec = record.getTransaction();
        assertThat(spec.getInflight()).isTrue();
        assertThat(spec.getSkipQueue()).isFalse();
        assertThat(spec.getInflightExpiryMs()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z").toEpochMilli());
        assertThat(spec.getInflightCommitMs()).isEqualTo(Instant.parse("2019-12-31T23:00:00.500Z").toEpochMilli());
        assertThat(spec.getScheduledForMs()).isNull();
        assertThat(spec.getParentTransaction()).isEmpty();
    }

    @Test
    void aScheduledTransactionIsAnsweredScheduledWithTheHashOfTheScheduledRecord() throws Exception {
        // Given a transfer scheduled for later
        Response response = post("/transactions", transfer("\"amount\":10,\"precision\":100,\"scheduled_for\":\"2031-05-06T07:08:09Z\"", "ref-sched"));

        // Then 201 SCHEDULED, the date echoed, and QUEUED_PARENT_TRANSACTION pointing at itself
        assertThat(response.status).isEqualTo(201);
        String id = Ids.transactionIdForReference("ref-sched");
        assertThat(response.json.get("status").stringValue()).isEqualTo("SCHEDULED");
        assertThat(response.json.get("scheduled_for").stringValue()).isEqualTo("2031-05-06T07:08:09Z");
        assertThat(response.json.get("meta_data").get("QUEUED_PARENT_TRANSACTION").stringValue()).isEqualTo(id);

        // And the spec carries scheduled_for_ms, and the hash is the SCHEDULED record's
        TransactionSpec spec = ((RecordTransaction) nextCommand().command().getPayload()).getTransaction();
        assertThat(spec.getScheduledForMs()).isEqualTo(Instant.parse("2031-05-06T07:08:09Z").toEpochMilli());
        assertThat(response.json.get("hash").stringValue()).isEqualTo(TransactionHash.of(id, "", "ref-sched", "@World",
                "@Alice", BigInteger.valueOf(1000), 100, "USD", "SCHEDULED", spec.getCreatedAtMs()));
    }

    @Test
    void skipQueueWaitsForTheReplyAndAnswersTheAppliedRecordIgnoringScheduledFor() throws Exception {
        // Given a processor that applies skip_queue transactions at once
        // When a skip_queue transfer (with a scheduled_for Blnk ignores on this path) is posted
        Response response = post("/transactions", transfer("\"precise_amount\":2500,\"precision\":100,\"skip_queue\":true,"
                + "\"scheduled_for\":\"2031-01-01T00:00:00Z\",\"meta_data\":{\"k\":\"v\"}", "ref-sync"));

        // Then 201 with the processor's APPLIED record: same id and reference, no QUEUED_PARENT_TRANSACTION
        assertThat(response.status).isEqualTo(201);
        String id = Ids.transactionIdForReference("ref-sync");
        assertThat(response.json.get("transaction_id").stringValue()).isEqualTo(id);
        assertThat(response.json.get("reference").stringValue()).isEqualTo("ref-sync");
        assertThat(response.json.get("status").stringValue()).isEqualTo("APPLIED");
        assertThat(response.json.get("skip_queue").booleanValue()).isTrue();
        assertThat(response.json.get("precise_amount").intValue()).isEqualTo(2500);
        assertThat(response.json.get("amount_string").stringValue()).isEqualTo("25");
        assertThat(response.json.get("scheduled_for").stringValue()).isEqualTo(ZERO_TIME);
        assertThat(response.json.get("meta_data").get("k").stringValue()).isEqualTo("v");
        assertThat(response.json.get("meta_data").has("QUEUED_PARENT_TRANSACTION")).isFalse();

        // And the command was RecordTransaction{skip_queue} with spec.skip_queue and no schedule
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(id);
        RecordTransaction record = (RecordTransaction) received.command().getPayload();
        assertThat(record.getSkipQueue()).isTrue();
        assertThat(record.getTransaction().getSkipQueue()).isTrue();
        assertThat(record.getTransaction().getScheduledForMs()).isNull();
        assertThat(received.command().getRequestId()).isNotBlank();
    }

    @Test
    void skipQueueInflightAnswersTheInflightRecord() {
        Response response = post("/transactions", transfer("\"precise_amount\":700,\"skip_queue\":true,\"inflight\":true", "ref-sync-hold"));

        assertThat(response.status).isEqualTo(201);
        assertThat(response.json.get("status").stringValue()).isEqualTo("INFLIGHT");
        assertThat(response.json.get("inflight").booleanValue()).isTrue();
    }

    @ParameterizedTest(name = "a skip_queue transfer refused with {0} is {1} {2}")
    @CsvSource({
            "INSUFFICIENT_FUNDS, 400, TXN_INSUFFICIENT_FUNDS",
            "DESTINATION_NOT_FOUND, 404, TXN_NOT_FOUND",
            "SOURCE_NOT_FOUND, 404, TXN_NOT_FOUND",
            "DUPLICATE_REFERENCE, 409, TXN_DUPLICATE_REFERENCE",
            "SOURCE_CURRENCY_MISMATCH, 400, TXN_CURRENCY_MISMATCH",
            "OVERDRAFT_LIMIT_EXCEEDED, 400, TXN_OVERDRAFT_LIMIT_EXCEEDED"})
    void aRefusedSkipQueueTransferIsAnsweredWithTheErrorEnvelopeByCode(String reason, int status, String code) {
        // Given a processor that refuses it
        processor.decideTransaction = command -> FakeLedgerProcessor.rejectTransaction(command, reason, null);

        // When a skip_queue transfer is posted
        Response response = post("/transactions", transfer("\"precise_amount\":1,\"skip_queue\":true", "ref-refused-" + reason));

        // Then Blnk's status and code
        assertThat(response.status).isEqualTo(status);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo(code);
    }

    @Test
    void aSkipQueueTransferTheProcessorNeverAnswersIsA503() {
        processor.decideTransaction = command -> null;

        Response response = post("/transactions", transfer("\"precise_amount\":1,\"skip_queue\":true", "ref-silent"));

        assertThat(response.status).isEqualTo(503);
        assertThat(response.json.get("error").stringValue()).contains("may still apply");
    }

    // ---------------------------------------------------------------- PUT /transactions/inflight/{id}

    @Test
    void aQueuedCommitOfTheInflightQRecordIsKeyedByTheRootAndAnsweredWithTheInflightRecordQueued() throws Exception {
        // Given the projection holds the INFLIGHT _q record whose parent is the root
        projectionHas(FakeLedgerProcessor.record(INFLIGHT_Q, ROOT, "ref-hold_q", "INFLIGHT", "1000"));

        // When the client commits part of it by the _q id
        Response response = put("/transactions/inflight/" + INFLIGHT_Q, "{\"status\":\"commit\",\"precise_amount\":\"400\"}");

        // Then 200 with the INFLIGHT record plus "queued": true
        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("transaction_id").stringValue()).isEqualTo(INFLIGHT_Q);
        assertThat(response.json.get("status").stringValue()).isEqualTo("INFLIGHT");
        assertThat(response.json.get("queued").booleanValue()).isTrue();
        assertThat(response.json.get("meta_data").get("QUEUED_PARENT_TRANSACTION").stringValue()).isEqualTo(ROOT);

        // And the InflightAction went keyed by the ROOT id, naming the root, with the amount
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(ROOT);
        InflightAction action = (InflightAction) received.command().getPayload();
        assertThat(action.getTransactionId()).isEqualTo(ROOT);
        assertThat(action.getAction()).isEqualTo("commit");
        assertThat(action.getPreciseAmount()).isEqualTo("400");
        assertThat(action.getSkipQueue()).isFalse();
        assertThat(PROJECTION.rawRequests).contains("/transactions/" + INFLIGHT_Q);
    }

    @Test
    void aCommitAmountInMajorUnitsIsConvertedWithTheStoredPrecision() throws Exception {
        // Given the projection holds the root QUEUED record (precision 100)
        projectionHas(FakeLedgerProcessor.record(ROOT, "", "ref-hold", "QUEUED", "1000"));

        // When 2.345 is committed
        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"commit\",\"amount\":2.345}");

        // Then the action carries 235 minor units (half up), keyed by the root itself
        assertThat(response.status).isEqualTo(200);
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(ROOT);
        assertThat(((InflightAction) received.command().getPayload()).getPreciseAmount()).isEqualTo("235");
    }

    @Test
    void aCommitWithoutAmountCommitsAllThatRemains() throws Exception {
        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"commit\",\"amount\":0}");

        assertThat(response.status).isEqualTo(200);
        assertThat(((InflightAction) nextCommand().command().getPayload()).getPreciseAmount()).isNull();
    }

    @Test
    void aCommitInMajorUnitsOfATransactionNotReadableYetIsConvertedByTheProcessor() throws Exception {
        // Given the projection does not have the hold yet (it was created a moment ago)
        // When an amount in major units is committed
        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"commit\",\"amount\":2.345}");

        // Then the command is not refused for the read model's lag: it carries the major amount for the
        // coordinator, which holds the transaction and its precision, to convert
        assertThat(response.status).isEqualTo(200);
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(ROOT);
        InflightAction action = (InflightAction) received.command().getPayload();
        assertThat(action.getPreciseAmount()).isNull();
        assertThat(action.getAmount()).isEqualTo("2.345");
    }

    @Test
    void aSkipQueueVoidIsAnsweredWithTheVoidRecordAndAnUnprojectedIdIsUsedAsTheRoot() throws Exception {
        // Given the projection does not have the transaction yet (lag)
        // When the client voids it with skip_queue (an amount is ignored for a void)
        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"void\",\"amount\":3,\"skip_queue\":true}");

        // Then 200 with the VOID child record, without "queued"
        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("status").stringValue()).isEqualTo("VOID");
        assertThat(response.json.get("transaction_id").stringValue()).isEqualTo(Ids.actionTransactionId(ROOT, 1));
        assertThat(response.json.get("parent_transaction").stringValue()).isEqualTo(INFLIGHT_Q);
        assertThat(response.json.has("queued")).isFalse();

        // And the id as passed was the key; a void carries no amount
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(ROOT);
        InflightAction action = (InflightAction) received.command().getPayload();
        assertThat(action.getAction()).isEqualTo("void");
        assertThat(action.getPreciseAmount()).isNull();
        assertThat(action.getSkipQueue()).isTrue();
    }

    @Test
    void aSkipQueueCommitIsAnsweredWithTheAppliedChild() {
        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"commit\",\"precise_amount\":250,\"skip_queue\":true}");

        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("status").stringValue()).isEqualTo("APPLIED");
        assertThat(response.json.get("precise_amount").intValue()).isEqualTo(250);
    }

    @ParameterizedTest(name = "a commit refused with {0} is {1} {2}")
    @CsvSource({
            "TRANSACTION_NOT_FOUND, 404, TXN_NOT_FOUND",
            "NOT_INFLIGHT, 400, TXN_NOT_INFLIGHT",
            "ALREADY_COMMITTED, 409, TXN_ALREADY_COMMITTED",
            "ALREADY_VOIDED, 409, TXN_ALREADY_VOIDED",
            "COMMIT_AMOUNT_EXCEEDED, 400, TXN_COMMIT_AMOUNT_EXCEEDED"})
    void aRefusedInflightActionIsAnsweredWithTheErrorEnvelopeByCode(String reason, int status, String code) {
        processor.decideTransaction = command -> FakeLedgerProcessor.rejectTransaction(command, reason, null);

        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"commit\"}");

        assertThat(response.status).isEqualTo(status);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} is a 400 {2} and publishes nothing")
    @CsvSource(delimiter = '|', value = {
            "an unknown status | {\"status\":\"settle\"} | TXN_INVALID_STATUS_ACTION",
            "a missing status | {\"precise_amount\":1} | TXN_INVALID_STATUS_ACTION",
            "a zero precise_amount | {\"status\":\"commit\",\"precise_amount\":0} | TXN_VALIDATION_ERROR",
            "a negative precise_amount string | {\"status\":\"commit\",\"precise_amount\":\"-5\"} | TXN_VALIDATION_ERROR",
            "a fractional precise_amount | {\"status\":\"commit\",\"precise_amount\":1.5} | TXN_VALIDATION_ERROR",
            "a negative amount | {\"status\":\"commit\",\"amount\":-1} | TXN_VALIDATION_ERROR",
            "a non-numeric precise_amount | {\"status\":\"commit\",\"precise_amount\":\"x\"} | GEN_MALFORMED_REQUEST",
            "no body | '' | GEN_MALFORMED_REQUEST"})
    void anInvalidInflightUpdateIsRefusedAndPublishesNothing(String why, String body, String code) {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            Response response = put("/transactions/inflight/" + ROOT, body);

            assertThat(response.status).as(why).isEqualTo(400);
            assertThat(response.json.get("error_detail").get("code").stringValue()).as(why).isEqualTo(code);
            assertThat(tap.drain(Duration.ofMillis(500))).as(why).isEmpty();
        }
    }

    // ---------------------------------------------------------------- bulk commit / void

    @Test
    void aQueuedBulkCommitCountsQueuedItemsAsSucceededAndReportsEachFailure() throws Exception {
        // Given a processor that knows every transaction except txn_missing
        processor.decideTransaction = command -> {
            InflightAction action = (InflightAction) command.getPayload();
            return action.getTransactionId().equals("txn_missing")
                    ? FakeLedgerProcessor.rejectTransaction(command, "TRANSACTION_NOT_FOUND", null)
                    : FakeLedgerProcessor.answerAsTheContractSays(command);
        };
        // And the projection shows txn_b as an INFLIGHT _q record of root txn_b_root
        projectionHas(FakeLedgerProcessor.record("txn_b", "txn_b_root", "b_q", "INFLIGHT", "1000"));

        // When four commits are sent in bulk, one with an invalid amount
        Response response = post("/transactions/inflight/bulk/commit", "{\"transactions\":["
                + "{\"transaction_id\":\"txn_a\"},"
                + "{\"transaction_id\":\"txn_b\",\"precise_amount\":300},"
                + "{\"transaction_id\":\"txn_missing\"},"
                + "{\"transaction_id\":\"txn_c\",\"precise_amount\":0}]}");

        // Then 200 with counts and one result per item, in request order
        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("succeeded").intValue()).isEqualTo(2);
        assertThat(response.json.get("failed").intValue()).isEqualTo(2);
        JsonNode results = response.json.get("results");
        assertThat(results.size()).isEqualTo(4);
        assertResult(results.get(0), "txn_a", "queued", "QUEUED");
        assertResult(results.get(1), "txn_b", "queued", "QUEUED");
        assertResult(results.get(2), "txn_missing", "failed", "NOT_FOUND");
        assertResult(results.get(3), "txn_c", "failed", "INVALID_AMOUNT");
        assertThat(results.get(3).get("message").stringValue()).isNotBlank();

        // And three actions were published (not the invalid one), txn_b keyed by its root
        List<ReceivedTransaction> commands = nextCommands(3);
        assertThat(commands).extracting(ReceivedTransaction::key)
                .containsExactlyInAnyOrder("txn_a", "txn_b_root", "txn_missing");
        assertThat(processor.receivedTransactions.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aSkipQueueBulkVoidReportsSucceededAndAlreadyVoided() {
        // Given a processor for which txn_done was voided already
        processor.decideTransaction = command -> ((InflightAction) command.getPayload()).getTransactionId().equals("txn_done")
                ? FakeLedgerProcessor.rejectTransaction(command, "ALREADY_VOIDED", "transaction has already been voided")
                : FakeLedgerProcessor.answerAsTheContractSays(command);

        // When two voids are sent in bulk with skip_queue
        Response response = post("/transactions/inflight/bulk/void", "{\"transaction_ids\":[\"txn_live\",\"txn_done\"],\"skip_queue\":true}");

        // Then one succeeded (the VOID record's status as code), one failed ALREADY_VOIDED
        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("succeeded").intValue()).isEqualTo(1);
        assertThat(response.json.get("failed").intValue()).isEqualTo(1);
        assertResult(response.json.get("results").get(0), "txn_live", "succeeded", "VOID");
        assertResult(response.json.get("results").get(1), "txn_done", "failed", "ALREADY_VOIDED");
        assertThat(response.json.get("results").get(1).get("message").stringValue()).isEqualTo("transaction has already been voided");
    }

    @Test
    void aBulkItemTheProcessorNeverAnswersFailsWithInternalError() {
        processor.decideTransaction = command -> null;

        Response response = post("/transactions/inflight/bulk/void", "{\"transaction_ids\":[\"txn_slow\"]}");

        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("failed").intValue()).isEqualTo(1);
        assertResult(response.json.get("results").get(0), "txn_slow", "failed", "INTERNAL_ERROR");
    }

    @Test
    void aHundredBulkCommitsAreSentConcurrentlyAndAllCounted() {
        StringBuilder body = new StringBuilder("{\"transactions\":[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("{\"transaction_id\":\"txn_many_").append(i).append("\"}");
        }
        Response response = post("/transactions/inflight/bulk/commit", body.append("]}").toString());

        assertThat(response.status).isEqualTo(200);
        assertThat(response.json.get("succeeded").intValue()).isEqualTo(100);
        assertThat(response.json.get("results").get(99).get("transaction_id").stringValue()).isEqualTo("txn_many_99");
    }

    @ParameterizedTest(name = "{0} is a 400 {3} and publishes nothing")
    @CsvSource(delimiter = '|', value = {
            "an empty commit list | /transactions/inflight/bulk/commit | {\"transactions\":[]} | TXN_VALIDATION_ERROR",
            "a missing void list | /transactions/inflight/bulk/void | {\"skip_queue\":true} | TXN_VALIDATION_ERROR",
            "an item without id | /transactions/inflight/bulk/commit | {\"transactions\":[{\"precise_amount\":1}]} | TXN_VALIDATION_ERROR",
            "a list that is not an array | /transactions/inflight/bulk/void | {\"transaction_ids\":\"txn_1\"} | GEN_MALFORMED_REQUEST",
            "an id that is not a string | /transactions/inflight/bulk/void | {\"transaction_ids\":[1]} | GEN_MALFORMED_REQUEST"})
    void anInvalidBulkRequestIsRefusedAndPublishesNothing(String why, String path, String body, String code) {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            Response response = post(path, body);

            assertThat(response.status).as(why).isEqualTo(400);
            assertThat(response.json.get("error_detail").get("code").stringValue()).as(why).isEqualTo(code);
            assertThat(tap.drain(Duration.ofMillis(500))).as(why).isEmpty();
        }
    }

    @Test
    void moreThanAHundredBulkVoidsAreRefusedAndPublishNothing() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ids.add("\"txn_" + i + "\"");
        }
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            Response response = post("/transactions/inflight/bulk/void", "{\"transaction_ids\":[" + String.join(",", ids) + "]}");

            assertThat(response.status).isEqualTo(400);
            assertThat(response.json.get("error").stringValue()).contains("at most 100");
            assertThat(tap.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    // ---------------------------------------------------------------- refunds

    @Test
    void aRefundOfTheAppliedQRecordIsKeyedByTheRootAndAnsweredWithTheQueuedRefund() throws Exception {
        // Given the projection holds the APPLIED _q record of root ROOT
        projectionHas(FakeLedgerProcessor.record(INFLIGHT_Q, ROOT, "ref-hold_q", "APPLIED", "1000"));

        // When the client refunds the _q record with a description and meta_data
        Response response = post("/refund-transaction/" + INFLIGHT_Q, "{\"description\":\"sorry\",\"meta_data\":{\"ticket\":7}}");

        // Then 201 with the refund's QUEUED record: reference <root>_refund, parent = root
        assertThat(response.status).isEqualTo(201);
        assertThat(response.json.get("status").stringValue()).isEqualTo("QUEUED");
        assertThat(response.json.get("reference").stringValue()).isEqualTo(ROOT + "_refund");
        assertThat(response.json.get("transaction_id").stringValue()).isEqualTo(Ids.transactionIdForReference(ROOT + "_refund"));
        assertThat(response.json.get("parent_transaction").stringValue()).isEqualTo(ROOT);

        // And the RefundTransaction went keyed by the root, naming it, with the options
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(ROOT);
        RefundTransaction refund = (RefundTransaction) received.command().getPayload();
        assertThat(refund.getTransactionId()).isEqualTo(ROOT);
        assertThat(refund.getDescription()).isEqualTo("sorry");
        assertThat(refund.getMetaDataJson()).isEqualTo("{\"ticket\":7}");
        assertThat(refund.getSkipQueue()).isFalse();
        assertThat(refund.getCreatedAtMs()).isPositive();
    }

    @Test
    void aRefundWithoutBodyOfAnUnprojectedIdUsesTheIdAndSkipQueueAnswersTheAppliedRefund() throws Exception {
        // Given nothing in the projection; when refunding without a body
        Response queued = post("/refund-transaction/" + ROOT, "");
        assertThat(queued.status).isEqualTo(201);
        ReceivedTransaction received = nextCommand();
        assertThat(received.key()).isEqualTo(ROOT);
        RefundTransaction refund = (RefundTransaction) received.command().getPayload();
        assertThat(refund.getDescription()).isNull();
        assertThat(refund.getMetaDataJson()).isNull();

        // When refunding with skip_queue, then the APPLIED refund record
        Response applied = post("/refund-transaction/" + ROOT, "{\"skip_queue\":true}");
        assertThat(applied.status).isEqualTo(201);
        assertThat(applied.json.get("status").stringValue()).isEqualTo("APPLIED");
        assertThat(((RefundTransaction) nextCommand().command().getPayload()).getSkipQueue()).isTrue();
    }

    @ParameterizedTest(name = "a refund refused with {0} is {1} {2}")
    @CsvSource({
            "TRANSACTION_NOT_FOUND, 404, TXN_NOT_FOUND",
            "ALREADY_REFUNDED, 409, GEN_CONFLICT",
            "NOT_REFUNDABLE, 400, TXN_NOT_REFUNDABLE"})
    void aRefusedRefundIsAnsweredWithTheErrorEnvelopeByCode(String reason, int status, String code) {
        processor.decideTransaction = command -> FakeLedgerProcessor.rejectTransaction(command, reason, null);

        Response response = post("/refund-transaction/" + ROOT, "{}");

        assertThat(response.status).isEqualTo(status);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo(code);
    }

    @Test
    void aRefundWithAMalformedBodyPublishesNothing() {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            Response response = post("/refund-transaction/" + ROOT, "{\"skip_queue\":\"yes\"}");

            assertThat(response.status).isEqualTo(400);
            assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("GEN_MALFORMED_REQUEST");
            assertThat(tap.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void anUnreachableProjectionDoesNotStopAnInflightActionOnItsRootId() {
        // given a read model that cannot answer
        PROJECTION.status = 500;
        PROJECTION.body = "{}";

        // when
        Response response = put("/transactions/inflight/" + ROOT, "{\"status\":\"void\"}");

        // then the processor decided it alone
        assertThat(response.status).as(response.body).isEqualTo(200);
    }

    @Test
    void anIdTheProcessorDoesNotKnowWhileTheProjectionIsUnreachableIsA503NotA404() {
        // given a read model that cannot answer, so a _q record's id cannot be resolved to its root
        PROJECTION.status = 500;
        PROJECTION.body = "{}";
        processor.decideTransaction = command -> FakeLedgerProcessor.rejectTransaction(command, "TRANSACTION_NOT_FOUND", null);

        // when
        Response response = put("/transactions/inflight/" + ROOT + "_q", "{\"status\":\"void\"}");

        // then
        assertThat(response.status).isEqualTo(503);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("GEN_SERVICE_UNAVAILABLE");
    }

    // ---------------------------------------------------------------- helpers

    /** The projection answers GET /transactions/{id} with the record rendered as the gateway renders it. */
    private static void projectionHas(TransactionRecord record) {
        PROJECTION.routes.put("/transactions/" + record.getTransactionId(),
                new ProjectionStub.Answer(200, Json.write(dev.ledgerline.gateway.web.TransactionRenderer.render(record))));
    }

    private static void assertResult(JsonNode result, String id, String status, String code) {
        assertThat(result.get("transaction_id").stringValue()).isEqualTo(id);
        assertThat(result.get("status").stringValue()).as(id).isEqualTo(status);
        assertThat(result.get("code").stringValue()).as(id).isEqualTo(code);
        assertThat(result.has("message")).isTrue();
    }

    private ReceivedTransaction nextCommand() throws InterruptedException {
        ReceivedTransaction received = processor.receivedTransactions.poll(5, TimeUnit.SECONDS);
        assertThat(received).as("a transaction command on the topic").isNotNull();
        return received;
    }

    private List<ReceivedTransaction> nextCommands(int count) throws InterruptedException {
        List<ReceivedTransaction> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(nextCommand());
        }
        return commands;
    }

    private static String transfer(String amountFields, String reference) {
        return "{" + amountFields + ",\"currency\":\"USD\",\"reference\":\"" + reference + "\","
                + "\"source\":\"@World\",\"destination\":\"@Alice\",\"description\":\"test\"}";
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Response post(String path, String body) {
        return exchange(HttpMethod.POST, path, body);
    }

    private Response put(String path, String body) {
        return exchange(HttpMethod.PUT, path, body);
    }

    private Response exchange(HttpMethod method, String path, String body) {
        EntityExchangeResult<String> result = http.method(method).uri(URI.create(base() + path))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectBody(String.class).returnResult();
        return new Response(result.getStatus().value(), result.getResponseBody());
    }

    static final class Response {
        final int status;
        final String body;
        final JsonNode json;

        Response(int status, String body) {
            this.status = status;
            this.body = body == null ? "" : body;
            this.json = this.body.isEmpty() ? Json.object() : Json.MAPPER.readTree(this.body);
        }
    }
}
