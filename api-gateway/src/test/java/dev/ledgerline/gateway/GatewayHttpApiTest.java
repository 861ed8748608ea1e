package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
import dev.ledgerline.gateway.support.ProjectionStub;
import dev.ledgerline.gateway.support.TopicTap;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateLedger;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * The gateway over HTTP against a real embedded KRaft broker. The test plays the processor
 * ({@link FakeLedgerProcessor}, real consumer and producer) and the projection ({@link ProjectionStub},
 * a real HTTP server).
 */
@ExtendWith(EmbeddedBrokerExtension.class) // declared first: stops the broker after Spring closed the gateway
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class GatewayHttpApiTest {

    private static final ProjectionStub PROJECTION = new ProjectionStub();
    private static final AvroSerde<TransactionCommand> TRANSACTION_COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final String RFC3339_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @DynamicPropertySource
    static void gatewayPointsAtTestPeers(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.projection-url", PROJECTION::url);
        registry.add("ledgerline.reply-timeout", () -> "2s");
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
    void processorAcceptsByDefault() {
        processor.decide = FakeLedgerProcessor::accept;
        processor.received.clear();
    }

    @AfterAll
    void stopEverything() throws InterruptedException {
        // The gateway context closes next (@DirtiesContext), then the broker (EmbeddedBrokerExtension).
        processor.close();
        PROJECTION.close();
    }

    // ---------------------------------------------------------------- ledgers and balances

    @Test
    void createLedgerAnswers201InBlnkShapeOnceTheProcessorConfirms() throws Exception {
        // Given a processor that accepts every ledger command
        // When a client creates a ledger (with a field Blnk does not know)
        Response response = post("/ledgers", "{\"name\":\"Customer Wallets\",\"meta_data\":{\"team\":\"ops\"},\"rate\":1}");

        // Then the gateway answers 201 with Blnk's ledger object
        assertThat(response.status).isEqualTo(201);
        JsonNode ledger = response.json;
        assertThat(ledger.get("ledger_id").stringValue()).startsWith("ldg_");
        assertThat(ledger.get("name").stringValue()).isEqualTo("Customer Wallets");
        assertThat(ledger.get("created_at").stringValue()).matches(RFC3339_UTC);
        assertThat(ledger.get("meta_data").get("team").stringValue()).isEqualTo("ops");
        assertThat(ledger.propertyNames()).containsExactly("ledger_id", "name", "created_at", "meta_data");

        // And the command went to the ledger-commands topic keyed by the new ledger id
        FakeLedgerProcessor.Received received = processor.received.poll(5, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.key()).isEqualTo(ledger.get("ledger_id").stringValue());
        CreateLedger payload = (CreateLedger) received.command().getPayload();
        assertThat(payload.getName()).isEqualTo("Customer Wallets");
        assertThat(payload.getMetaDataJson()).isEqualTo("{\"team\":\"ops\"}");
    }

    @Test
    void createIndicatorBalanceAnswers201WithTheFullZeroBalance() throws Exception {
        // Given a processor that accepts every command
        // When a client creates an @indicator balance on the general ledger
        Response response = post("/balances", "{\"ledger_id\":\"general_ledger_id\",\"currency\":\"USD\",\"indicator\":\"@World\",\"precision\":100}");

        // Then 201 with Blnk's full balance object, id derived from indicator and currency
        assertThat(response.status).isEqualTo(201);
        JsonNode balance = response.json;
        assertThat(balance.get("balance_id").stringValue()).isEqualTo(Ids.indicatorBalanceId("@World", "USD"));
        assertThat(balance.get("ledger_id").stringValue()).isEqualTo("general_ledger_id");
        assertThat(balance.get("identity_id").stringValue()).isEmpty();
        assertThat(balance.get("indicator").stringValue()).isEqualTo("@World");
        assertThat(balance.get("currency").stringValue()).isEqualTo("USD");
        for (String counter : List.of("balance", "credit_balance", "debit_balance", "inflight_balance",
                "inflight_credit_balance", "inflight_debit_balance", "version")) {
            assertThat(balance.get(counter).isIntegralNumber()).as(counter).isTrue();
            assertThat(balance.get(counter).intValue()).as(counter).isZero();
        }
        assertThat(balance.get("created_at").stringValue()).matches(RFC3339_UTC);
        assertThat(balance.get("inflight_expires_at").stringValue()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(balance.get("meta_data").isObject()).isTrue();

        // And the CreateBalance command is keyed by the ledger id
        FakeLedgerProcessor.Received received = processor.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.key()).isEqualTo("general_ledger_id");
        CreateBalance payload = (CreateBalance) received.command().getPayload();
        assertThat(payload.getBalanceId()).isEqualTo(balance.get("balance_id").stringValue());
        assertThat(payload.getIndicator()).isEqualTo("@World");
    }

    @Test
    void createBalanceWithoutIndicatorGetsARandomIdAndNoIndicatorField() {
        // Given / When a plain balance is created
        Response response = post("/balances", "{\"ledger_id\":\"ldg_1\",\"currency\":\"EUR\",\"identity_id\":\"idt_7\"}");

        // Then it has a random bln_ id, the identity, and no indicator field
        assertThat(response.status).isEqualTo(201);
        assertThat(response.json.get("balance_id").stringValue()).startsWith("bln_");
        assertThat(response.json.get("identity_id").stringValue()).isEqualTo("idt_7");
        assertThat(response.json.has("indicator")).isFalse();
    }

    @Test
    void aBalanceRejectedForAnUnknownLedgerAnswers404WithTheBlnkEnvelope() {
        // Given a processor that knows no ledger
        processor.decide = command -> FakeLedgerProcessor.reject(command, "LEDGER_NOT_FOUND", "ledger not found");

        // When a balance is created on a ledger that does not exist
        Response response = post("/balances", "{\"ledger_id\":\"ldg_missing\",\"currency\":\"USD\"}");

        // Then 404 with Blnk's error envelope
        assertThat(response.status).isEqualTo(404);
        assertThat(response.json.get("error").stringValue()).isEqualTo("ledger not found");
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("LGR_NOT_FOUND");
        assertThat(response.json.get("error_detail").get("message").stringValue()).isEqualTo("ledger not found");
        assertThat(response.json.get("error_detail").get("details").isObject()).isTrue();
    }

    @Test
    void aDuplicateLedgerIsA409() {
        // Given a processor that says the ledger exists
        processor.decide = command -> FakeLedgerProcessor.reject(command, "LEDGER_ALREADY_EXISTS", null);

        // When / Then
        Response response = post("/ledgers", "{\"name\":\"again\"}");
        assertThat(response.status).isEqualTo(409);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("LGR_DUPLICATE");
    }

    @Test
    void aProcessorThatNeverAnswersGivesA503AfterTheReplyTimeout() {
        // Given a processor that stays silent
        processor.decide = command -> null;

        // When a ledger is created
        Response response = post("/ledgers", "{\"name\":\"slow\"}");

        // Then 503 telling the client the command may still apply
        assertThat(response.status).isEqualTo(503);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("GEN_SERVICE_UNAVAILABLE");
        assertThat(response.json.get("error").stringValue()).contains("may still apply");
    }

    @Test
    void anIndicatorOutsideTheGeneralLedgerIsRefusedAndNothingIsPublished() {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.LEDGER_COMMANDS)) {
            // When an indicator balance is requested on an ordinary ledger
            Response response = post("/balances", "{\"ledger_id\":\"ldg_1\",\"currency\":\"USD\",\"indicator\":\"@World\"}");

            // Then 400 GEN_VALIDATION_ERROR (legacy "errors" key too) and no command on the topic
            assertThat(response.status).isEqualTo(400);
            assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("GEN_VALIDATION_ERROR");
            assertThat(response.json.get("errors").stringValue()).isEqualTo(response.json.get("error").stringValue());
            assertThat(tap.drain(Duration.ofMillis(700))).isEmpty();
        }
    }

    @Test
    void aLedgerWithoutNameIsAValidationError() {
        Response response = post("/ledgers", "{\"meta_data\":{}}");
        assertThat(response.status).isEqualTo(400);
        assertThat(response.json.get("error_detail").get("code").stringValue()).isEqualTo("GEN_VALIDATION_ERROR");
    }

    // ---------------------------------------------------------------- transactions

    @Test
    void aTransactionIsQueuedWithAnAmountBeyond64BitsAsABareJsonInteger() {
        BigInteger huge = BigInteger.TWO.pow(64).multiply(BigInteger.TEN).add(BigInteger.valueOf(7));
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            // Given a bln_ destination and an @indicator source
            String body = "{\"precise_amount\":" + huge + ",\"precision\":100,\"reference\":\"ref-huge\",\"currency\":\"USD\","
                    + "\"source\":\"@World\",\"destination\":\"bln_dest\",\"description\":\"big one\",\"allow_overdraft\":true,"
                    + "\"meta_data\":{\"order\":42},\"skip_queue\":false,\"inflight\":false,\"narration\":\"ignored\"}";

            // When it is posted
            Response response = post("/transactions", body);

            // Then 201 QUEUED, precise_amount written as a bare integer of any size
            assertThat(response.status).isEqualTo(201);
            assertThat(response.body).contains("\"precise_amount\":" + huge + ",");
            JsonNode txn = response.json;
            String transactionId = Ids.transactionIdForReference("ref-huge");
            assertThat(txn.get("transaction_id").stringValue()).isEqualTo(transactionId);
            assertThat(txn.get("parent_transaction").stringValue()).isEmpty();
            assertThat(txn.get("precise_amount").bigIntegerValue()).isEqualTo(huge);
            assertThat(txn.get("amount_string").stringValue()).isEqualTo("1844674407370955161.67");
            assertThat(txn.get("precision").longValue()).isEqualTo(100);
            assertThat(txn.get("overdraft_limit").intValue()).isZero();
            assertThat(txn.get("source").stringValue()).isEqualTo("@World");
            assertThat(txn.get("destination").stringValue()).isEqualTo("bln_dest");
            assertThat(txn.get("status").stringValue()).isEqualTo("QUEUED");
            assertThat(txn.get("allow_overdraft").booleanValue()).isTrue();
            assertThat(txn.get("inflight").booleanValue()).isFalse();
            assertThat(txn.get("skip_queue").booleanValue()).isFalse();
            assertThat(txn.get("atomic").booleanValue()).isFalse();
            assertThat(txn.get("created_at").stringValue()).matches(RFC3339_UTC);
            assertThat(txn.get("scheduled_for").stringValue()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(txn.get("inflight_expiry_date").stringValue()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(txn.get("inflight_commit_date").stringValue()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(txn.get("meta_data").get("order").intValue()).isEqualTo(42);
            assertThat(txn.get("meta_data").get("QUEUED_PARENT_TRANSACTION").stringValue()).isEqualTo(transactionId);

            // And the command was already on the topic, keyed by the transaction id, with resolved ids
            List<ConsumerRecord<String, byte[]>> records = tap.next(1, Duration.ofSeconds(5));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(transactionId);
            TransactionCommand command = TRANSACTION_COMMANDS.decode(records.get(0).value());
            TransactionSpec spec = ((RecordTransaction) command.getPayload()).getTransaction();
            assertThat(spec.getTransactionId()).isEqualTo(transactionId);
            assertThat(spec.getSourceId()).isEqualTo(Ids.indicatorBalanceId("@World", "USD"));
            assertThat(spec.getDestinationId()).isEqualTo("bln_dest");
            assertThat(spec.getPreciseAmount()).isEqualTo(huge.toString());
            assertThat(spec.getMetaDataJson()).isEqualTo("{\"order\":42}");

            // And the hash is the one the processor will compute for the durable QUEUED record
            assertThat(txn.get("hash").stringValue()).isEqualTo(TransactionHash.of(transactionId, "", "ref-huge",
                    "@World", "bln_dest", huge, 100, "USD", "QUEUED", spec.getCreatedAtMs()));
        }
    }

    @Test
    void anAmountInMajorUnitsIsConvertedWithThePrecisionRoundingHalfUp() {
        Response response = post("/transactions", transfer("\"amount\":12.345,\"precision\":100", "ref-major"));

        assertThat(response.status).isEqualTo(201);
        assertThat(response.json.get("precise_amount").bigIntegerValue()).isEqualTo(BigInteger.valueOf(1235));
        assertThat(response.json.get("amount_string").stringValue()).isEqualTo("12.35");
        assertThat(response.body).contains("\"amount\":12.35,");
    }

    @Test
    void aPreciseAmountSentAsANumericStringIsAcceptedAndEchoedAsANumber() {
        Response response = post("/transactions", transfer("\"precise_amount\":\"5000\",\"precision\":100", "ref-string"));

        assertThat(response.status).isEqualTo(201);
        assertThat(response.body).contains("\"precise_amount\":5000,");
    }

    Stream<Arguments> invalidTransactions() {
        return Stream.of(
                Arguments.of("missing reference", "{\"precise_amount\":1,\"currency\":\"USD\",\"source\":\"@A\",\"destination\":\"@B\",\"description\":\"d\"}", "TXN_VALIDATION_ERROR"),
                Arguments.of("missing description", "{\"precise_amount\":1,\"currency\":\"USD\",\"reference\":\"r\",\"source\":\"@A\",\"destination\":\"@B\"}", "TXN_VALIDATION_ERROR"),
                Arguments.of("missing currency", "{\"precise_amount\":1,\"reference\":\"r\",\"source\":\"@A\",\"destination\":\"@B\",\"description\":\"d\"}", "TXN_VALIDATION_ERROR"),
                Arguments.of("no amount at all", transfer("\"precision\":100", "r1"), "TXN_VALIDATION_ERROR"),
                Arguments.of("amount and precise_amount", transfer("\"amount\":1,\"precise_amount\":100", "r2"), "TXN_VALIDATION_ERROR"),
                Arguments.of("zero precise_amount", transfer("\"precise_amount\":0", "r3"), "TXN_VALIDATION_ERROR"),
                Arguments.of("negative amount", transfer("\"amount\":-5", "r4"), "TXN_VALIDATION_ERROR"),
                Arguments.of("fractional precise_amount", transfer("\"precise_amount\":1.5", "r5"), "TXN_VALIDATION_ERROR"),
                Arguments.of("fractional precision", transfer("\"amount\":1,\"precision\":2.5", "r6"), "TXN_PRECISION_NOT_INTEGER"),
                Arguments.of("source equals destination", "{\"precise_amount\":1,\"currency\":\"USD\",\"reference\":\"r7\",\"source\":\"@A\",\"destination\":\"@A\",\"description\":\"d\"}", "TXN_VALIDATION_ERROR"),
                Arguments.of("unknown identifier kind", "{\"precise_amount\":1,\"currency\":\"USD\",\"reference\":\"r8\",\"source\":\"acc_1\",\"destination\":\"@A\",\"description\":\"d\"}", "TXN_VALIDATION_ERROR"),
                Arguments.of("split percentages over 100%", transfer("\"precise_amount\":100,\"sources\":[{\"identifier\":\"@A\",\"distribution\":\"60%\"},{\"identifier\":\"@C\",\"distribution\":\"50%\"}]", "r9"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split short of the amount without left", transfer("\"precise_amount\":100,\"destinations\":[{\"identifier\":\"@A\",\"distribution\":\"50%\"}]", "r10"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split fixed amounts over the amount", transfer("\"precise_amount\":100,\"destinations\":[{\"identifier\":\"@A\",\"precise_distribution\":\"70\"},{\"identifier\":\"@C\",\"precise_distribution\":\"70\"}]", "r18"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split leg equal to the other side", transfer("\"precise_amount\":100,\"sources\":[{\"identifier\":\"@Alice\",\"distribution\":\"100%\"}]", "r19"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split distribution missing", transfer("\"precise_amount\":100,\"sources\":[{\"identifier\":\"@A\"}]", "r20"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split empty", transfer("\"precise_amount\":100,\"sources\":[]", "r21"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split not an array", transfer("\"precise_amount\":100,\"sources\":\"@A\"", "r22"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("dry_run validated like the real request", transfer("\"precise_amount\":0,\"dry_run\":true", "r11"), "TXN_VALIDATION_ERROR"),
                Arguments.of("scheduled_for not a date", transfer("\"precise_amount\":1,\"scheduled_for\":\"tomorrow\"", "r12"), "TXN_VALIDATION_ERROR"),
                Arguments.of("inflight_expiry_date not a date", transfer("\"precise_amount\":1,\"inflight\":true,\"inflight_expiry_date\":\"2030-13-01\"", "r16"), "TXN_VALIDATION_ERROR"),
                Arguments.of("inflight not a boolean", transfer("\"precise_amount\":1,\"inflight\":\"yes\"", "r17"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("malformed JSON", "{\"precise_amount\":", "GEN_MALFORMED_REQUEST"),
                Arguments.of("empty body", "", "GEN_MALFORMED_REQUEST"),
                Arguments.of("array instead of object", "[1,2]", "GEN_MALFORMED_REQUEST"),
                Arguments.of("boolean amount", transfer("\"amount\":true", "r13"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("non-numeric precise_amount string", transfer("\"precise_amount\":\"12abc\"", "r14"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("meta_data not an object", transfer("\"precise_amount\":1,\"meta_data\":\"x\"", "r15"), "GEN_MALFORMED_REQUEST"));
    }

    @ParameterizedTest(name = "{0} is a 400 {2} and publishes nothing")
    @MethodSource("invalidTransactions")
    void anInvalidTransactionIsRefusedWithA400AndPublishesNothing(String why, String body, String code) {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            // When the invalid request is posted
            Response response = post("/transactions", body);

            // Then 400 with the expected Blnk code, never a 500, and nothing reaches Kafka
            assertThat(response.status).as(why).isEqualTo(400);
            assertThat(response.json.get("error_detail").get("code").stringValue()).as(why).isEqualTo(code);
            assertThat(response.json.get("error").stringValue()).as(why).isNotBlank();
            if (!code.equals("GEN_MALFORMED_REQUEST")) {
                assertThat(response.json.has("errors")).as(why).isTrue();
            }
            assertThat(tap.drain(Duration.ofMillis(500))).as(why).isEmpty();
        }
    }

    // ---------------------------------------------------------------- reads, health

    @Test
    void readsAreForwardedWithEncodingIntactAndStatusAndBodyUnchanged() {
        // Given a projection that holds a balance with a very large amount
        PROJECTION.status = 200;
        PROJECTION.body = "{\"balance_id\":\"bln_1\",\"balance\":123456789012345678901234567890}";

        // When the balance is read by its URL-encoded indicator with a query string
        Response response = get("/balances/indicator/%40World/currency/USD?include=ledger");

        // Then the body is passed through byte for byte and the path stayed encoded
        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).isEqualTo(PROJECTION.body);
        assertThat(PROJECTION.rawRequests).contains("/balances/indicator/%40World/currency/USD?include=ledger");
    }

    @Test
    void filterQueriesAreForwardedWithTheirBody() {
        // Given a projection that answers a filter with a count
        PROJECTION.status = 200;
        PROJECTION.body = "{\"data\":[],\"total_count\":0}";
        String filter = "{\"filters\":[{\"field\":\"status\",\"operator\":\"eq\",\"value\":\"APPLIED\"}],\"include_count\":true}";

        // When a Blnk client posts the filter DSL
        Response response = post("/transactions/filter", filter);

        // Then the projection received the same body and its answer came back unchanged
        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).isEqualTo(PROJECTION.body);
        assertThat(PROJECTION.rawRequests).contains("/transactions/filter");
        assertThat(PROJECTION.requestBodies).contains(filter);
    }

    @Test
    void historicalBalanceReadsAreForwarded() {
        PROJECTION.status = 200;
        PROJECTION.body = "{\"balance\":{\"balance\":5}}";

        Response response = get("/balances/bln_1/at?timestamp=2026-01-01T00%3A00%3A00Z");

        assertThat(response.status).isEqualTo(200);
        assertThat(PROJECTION.rawRequests).contains("/balances/bln_1/at?timestamp=2026-01-01T00%3A00%3A00Z");
    }

    @Test
    void integrityReadsAreForwarded() {
        // Given a projection that answers the integrity endpoints
        PROJECTION.status = 200;
        PROJECTION.body = "{\"valid\":true,\"entries_checked\":3,\"seals_checked\":1,\"first_broken\":null}";

        // When a client asks the gateway to verify one balance and to list seals
        Response verify = get("/integrity/verify?balance_id=bln_1");
        Response seals = get("/integrity/seals?partition=2&limit=5");

        // Then both reached the projection as sent and its answer came back unchanged
        assertThat(verify.status).isEqualTo(200);
        assertThat(verify.body).isEqualTo(PROJECTION.body);
        assertThat(seals.status).isEqualTo(200);
        assertThat(PROJECTION.rawRequests).contains("/integrity/verify?balance_id=bln_1", "/integrity/seals?partition=2&limit=5");
    }

    @Test
    void aProjectionErrorStatusIsPassedThrough() {
        PROJECTION.status = 404;
        PROJECTION.body = "{\"error\":\"transaction not found\",\"error_detail\":{\"code\":\"TXN_NOT_FOUND\",\"message\":\"transaction not found\",\"details\":{}}}";

        Response response = get("/transactions/reference/ref%201_q");

        assertThat(response.status).isEqualTo(404);
        assertThat(response.body).isEqualTo(PROJECTION.body);
        assertThat(PROJECTION.rawRequests).contains("/transactions/reference/ref%201_q");
    }

    @Test
    void healthIsUpWhileKafkaIsReachableAndRootSaysServerRunning() {
        Response health = get("/health");
        assertThat(health.status).isEqualTo(200);
        assertThat(health.body).isEqualTo("{\"status\":\"UP\"}");

        Response root = get("/");
        assertThat(root.status).isEqualTo(200);
        assertThat(root.body).isEqualTo("\"server running...\"");
    }

    @Test
    void responsesCarryBlnkSecurityHeadersAndUnknownRoutesUseTheEnvelope() {
        EntityExchangeResult<String> result = http.get().uri(URI.create(base() + "/nowhere")).exchange()
                .expectBody(String.class).returnResult();
        assertThat(result.getStatus().value()).isEqualTo(404);
        assertThat(result.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(Json.MAPPER.readTree(result.getResponseBody()).get("error_detail").get("code").stringValue())
                .isEqualTo("GEN_NOT_FOUND");
    }

    @Test
    void recoverAnswersBlnksShapeWithNothingToRecoverAndChecksTheThreshold() {
        // Given Blnk's recovery route with a Go duration, When called, Then nothing is stuck, in Blnk's shape
        Response recovered = post("/transactions/recover?threshold=1h30m", "");
        assertThat(recovered.status).isEqualTo(200);
        assertThat(recovered.json.get("recovered").intValue()).isZero();
        assertThat(recovered.json.get("threshold").stringValue()).isEqualTo("1h30m");
        assertThat(recovered.json.get("message").stringValue()).startsWith("nothing to recover");
        // And without a threshold, Blnk's floor of two minutes
        assertThat(post("/transactions/recover", "").json.get("threshold").stringValue()).isEqualTo("2m");
        // Given a threshold that is no duration, Then 400 GEN_VALIDATION_ERROR
        Response refused = post("/transactions/recover?threshold=soon", "");
        assertThat(refused.status).isEqualTo(400);
        assertThat(refused.json.get("error_detail").get("code").stringValue()).isEqualTo("GEN_VALIDATION_ERROR");
    }

    // ---------------------------------------------------------------- helpers

    private static String transfer(String amountFields, String reference) {
        return "{" + amountFields + ",\"currency\":\"USD\",\"reference\":\"" + reference + "\","
                + "\"source\":\"@World\",\"destination\":\"@Alice\",\"description\":\"test\"}";
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Response post(String path, String body) {
        EntityExchangeResult<String> result = http.post().uri(URI.create(base() + path))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectBody(String.class).returnResult();
        return new Response(result.getStatus().value(), result.getResponseBody());
    }

    private Response get(String pathAndQuery) {
        EntityExchangeResult<String> result = http.get().uri(URI.create(base() + pathAndQuery)).exchange()
                .expectBody(String.class).returnResult();
        return new Response(result.getStatus().value(), result.getResponseBody());
    }

    /** Status, raw body, and the body parsed with big numbers kept exact. */
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
