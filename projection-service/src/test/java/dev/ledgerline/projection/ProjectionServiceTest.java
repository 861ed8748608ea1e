package dev.ledgerline.projection;

import static dev.ledgerline.projection.Events.entry;
import static dev.ledgerline.projection.Events.ledger;
import static dev.ledgerline.projection.Events.open;
import static dev.ledgerline.projection.Events.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import dev.ledgerline.projection.consume.ProjectionConsumer;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The projection end to end: a real KRaft broker, a real PostgreSQL and the running application.
 * Events are produced Avro-encoded inside Kafka transactions, as the processor writes them, and the
 * outcome is read back through the HTTP API.
 */
class ProjectionServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private static ProjectionStack stack;
    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaKraftBroker kafka;
    private static ConfigurableApplicationContext app;
    private static KafkaProducer<String, byte[]> producer;
    private static WebTestClient http;
    private static String baseUrl;

    private static final AvroSerde<LedgerRecord> LEDGERS = AvroSerde.of(LedgerRecord.class);
    private static final AvroSerde<BalanceEntry> ENTRIES = AvroSerde.of(BalanceEntry.class);
    private static final AvroSerde<TransactionRecord> TRANSACTIONS = AvroSerde.of(TransactionRecord.class);

    @BeforeAll
    static void startBrokerDatabaseAndApplication() throws Exception {
        stack = new ProjectionStack("projection-test");
        postgres = stack.postgres;
        kafka = stack.kafka;
        app = stack.app;
        producer = stack.producer;
        http = stack.http;
        baseUrl = stack.baseUrl;
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_created_ledger_is_served_in_blnk_shape() {
        String ledgerId = "ldg_" + UUID.randomUUID();

        publish(LEDGERS, Topics.LEDGERS, ledgerId, ledger(ledgerId, "Customer Wallets"));

        eventually(() -> http.get().uri("/ledgers/{id}", ledgerId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.ledger_id").isEqualTo(ledgerId)
                .jsonPath("$.name").isEqualTo("Customer Wallets")
                .jsonPath("$.created_at").isEqualTo("2024-01-01T15:04:05.123Z")
                .jsonPath("$.meta_data.team").isEqualTo("payments"));
    }

    @Test
    void the_general_ledger_exists_before_any_event() {
        http.get().uri("/ledgers/general_ledger_id").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("General Ledger");
    }

    @Test
    void a_balance_shows_the_fields_of_its_latest_entry() {
        String balanceId = "bln_" + UUID.randomUUID();

        publish(ENTRIES, Topics.ENTRIES, balanceId,
                open(balanceId, null, "USD"),
                entry(balanceId, 1, EntryKind.DEBIT, null, "USD", HUNDRED, BigInteger.ZERO, HUNDRED));

        eventually(() -> http.get().uri("/balances/{id}", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.balance_id").isEqualTo(balanceId)
                .jsonPath("$.ledger_id").isEqualTo("ldg_test")
                .jsonPath("$.currency").isEqualTo("USD")
                .jsonPath("$.version").isEqualTo(1)
                .jsonPath("$.balance").isEqualTo(-100)
                .jsonPath("$.debit_balance").isEqualTo(100)
                .jsonPath("$.credit_balance").isEqualTo(0)
                .jsonPath("$.inflight_balance").isEqualTo(0)
                .jsonPath("$.created_at").isEqualTo("2024-01-01T15:04:05.123Z")
                .jsonPath("$.inflight_expires_at").isEqualTo("0001-01-01T00:00:00Z")
                .jsonPath("$.indicator").doesNotExist()
                .jsonPath("$.identity_id").isEqualTo(""));
    }

    @Test
    void a_redelivered_entry_changes_nothing() throws Exception {
        String balanceId = "bln_" + UUID.randomUUID();
        publish(ENTRIES, Topics.ENTRIES, balanceId,
                open(balanceId, null, "USD"),
                entry(balanceId, 1, EntryKind.CREDIT, null, "USD", HUNDRED, HUNDRED, BigInteger.ZERO));
        awaitBalanceVersion(balanceId, 1);
        long appliedBefore = consumer().appliedRecords();

        // same balance and version, different content: the first write must win
        BalanceEntry forged = entry(balanceId, 1, EntryKind.CREDIT, null, "USD",
                BigInteger.valueOf(999), BigInteger.valueOf(999), BigInteger.ZERO);
        publish(ENTRIES, Topics.ENTRIES, balanceId, forged);
        await().atMost(PATIENCE).until(() -> consumer().appliedRecords() > appliedBefore);

        http.get().uri("/balances/{id}", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(1)
                .jsonPath("$.balance").isEqualTo(100);
        assertThat(queryText("SELECT amount::text FROM balance_entries WHERE balance_id = '" + balanceId + "' AND version = 1"))
                .isEqualTo("100");
    }

    @Test
    void an_older_entry_arriving_late_does_not_regress_the_balance() {
        String balanceId = "bln_" + UUID.randomUUID();
        publish(ENTRIES, Topics.ENTRIES, balanceId,
                open(balanceId, null, "EUR"),
                entry(balanceId, 1, EntryKind.CREDIT, null, "EUR", HUNDRED, HUNDRED, BigInteger.ZERO),
                entry(balanceId, 2, EntryKind.CREDIT, null, "EUR", HUNDRED, HUNDRED.add(HUNDRED), BigInteger.ZERO));
        awaitBalanceVersion(balanceId, 2);
        long appliedBefore = consumer().appliedRecords();

        publish(ENTRIES, Topics.ENTRIES, balanceId,
                entry(balanceId, 1, EntryKind.CREDIT, null, "EUR", HUNDRED, HUNDRED, BigInteger.ZERO));
        await().atMost(PATIENCE).until(() -> consumer().appliedRecords() > appliedBefore);

        http.get().uri("/balances/{id}", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(2)
                .jsonPath("$.balance").isEqualTo(200)
                .jsonPath("$.credit_balance").isEqualTo(200);
    }

    @Test
    void a_balance_beyond_two_to_the_seventy_is_a_bare_json_integer() {
        String balanceId = "bln_" + UUID.randomUUID();
        BigInteger huge = BigInteger.TWO.pow(80).add(BigInteger.ONE);
        publish(ENTRIES, Topics.ENTRIES, balanceId,
                open(balanceId, null, "WEI"),
                entry(balanceId, 1, EntryKind.CREDIT, null, "WEI", huge, huge, BigInteger.ZERO));
        awaitBalanceVersion(balanceId, 1);

        String body = http.get().uri("/balances/{id}", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("\"balance\":" + huge + ",")
                .contains("\"credit_balance\":" + huge + ",");
    }

    @Test
    void an_indicator_balance_is_found_by_its_url_encoded_indicator() {
        String balanceId = "bln_" + UUID.randomUUID();
        String currency = "NGN" + UUID.randomUUID().toString().substring(0, 4);
        publish(ENTRIES, Topics.ENTRIES, balanceId, open(balanceId, "@World", currency));
        awaitBalanceVersion(balanceId, 0);

        http.get().uri(URI.create(baseUrl + "/balances/indicator/%40World/currency/" + currency)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.balance_id").isEqualTo(balanceId)
                .jsonPath("$.indicator").isEqualTo("@World")
                .jsonPath("$.ledger_id").isEqualTo("general_ledger_id");
    }

    @Test
    void a_transaction_is_found_by_id_and_by_reference() {
        String reference = "ref_" + UUID.randomUUID();
        String queuedId = "txn_" + UUID.randomUUID();
        TransactionRecord queued = transaction(queuedId, reference).setEffectiveDateMs(Events.CREATED_AT_MS).build();

        publish(TRANSACTIONS, Topics.TRANSACTIONS, queuedId, queued);

        eventually(() -> http.get().uri("/transactions/{id}", queuedId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.transaction_id").isEqualTo(queuedId)
                .jsonPath("$.reference").isEqualTo(reference)
                .jsonPath("$.status").isEqualTo("QUEUED")
                .jsonPath("$.precise_amount").isEqualTo(1000000)
                .jsonPath("$.amount").isEqualTo(10000)
                .jsonPath("$.amount_string").isEqualTo("10000")
                .jsonPath("$.precision").isEqualTo(100)
                .jsonPath("$.overdraft_limit").isEqualTo(0)
                .jsonPath("$.allow_overdraft").isEqualTo(true)
                .jsonPath("$.skip_queue").isEqualTo(false)
                .jsonPath("$.effective_date").isEqualTo("2024-01-01T15:04:05.123Z")
                .jsonPath("$.scheduled_for").isEqualTo("0001-01-01T00:00:00Z")
                .jsonPath("$.meta_data.invoice").isEqualTo("inv-7")
                .jsonPath("$.meta_data.QUEUED_PARENT_TRANSACTION").isEqualTo(queuedId)); // its own id, as Blnk stores it
        String body = http.get().uri("/transactions/reference/{reference}", reference).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"transaction_id\":\"" + queuedId + "\"").contains("\"amount\":10000,");
    }

    @Test
    void a_rejected_outcome_carries_its_reason_and_parent_in_meta_data() {
        String reference = "ref_" + UUID.randomUUID();
        String queuedId = "txn_" + UUID.randomUUID();
        String outcomeId = "txn_" + UUID.randomUUID();
        TransactionRecord rejected = transaction(outcomeId, reference + "_q")
                .setParentTransaction(queuedId)
                .setStatus("REJECTED")
                .setPreciseAmount("1")
                .setPrecision(100000000)
                .setRejectionCode("INSUFFICIENT_FUNDS")
                .setRejectionMessage("insufficient funds in source balance")
                .build();

        publish(TRANSACTIONS, Topics.TRANSACTIONS, queuedId, transaction(queuedId, reference).build(), rejected);

        eventually(() -> http.get().uri("/transactions/reference/{reference}", reference + "_q").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.transaction_id").isEqualTo(outcomeId)
                .jsonPath("$.parent_transaction").isEqualTo(queuedId)
                .jsonPath("$.status").isEqualTo("REJECTED")
                .jsonPath("$.amount_string").isEqualTo("0.00000001")
                .jsonPath("$.effective_date").doesNotExist()
                .jsonPath("$.meta_data.blnk_rejection_reason").isEqualTo("insufficient funds in source balance")
                .jsonPath("$.meta_data.QUEUED_PARENT_TRANSACTION").isEqualTo(queuedId));
        String body = http.get().uri("/transactions/{id}", outcomeId).exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"amount\":0.00000001,");
    }

    @Test
    void records_of_an_aborted_kafka_transaction_are_never_projected() {
        String abortedLedger = "ldg_" + UUID.randomUUID();
        String committedLedger = "ldg_" + UUID.randomUUID();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.LEDGERS, abortedLedger, LEDGERS.encode(ledger(abortedLedger, "aborted"))));
        producer.abortTransaction();
        // same key hashes to the same partition, so the committed record sits behind the aborted one
        publish(LEDGERS, Topics.LEDGERS, abortedLedger, ledger(committedLedger, "committed"));

        eventually(() -> http.get().uri("/ledgers/{id}", committedLedger).exchange().expectStatus().isOk());
        http.get().uri("/ledgers/{id}", abortedLedger).exchange().expectStatus().isNotFound();
    }

    @Test
    void lists_are_served_with_limit_and_offset() {
        http.get().uri("/ledgers?limit=10&offset=0").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$").isArray();
        http.get().uri("/balances?limit=5").exchange().expectStatus().isOk().expectBody().jsonPath("$").isArray();
        http.get().uri("/transactions").exchange().expectStatus().isOk().expectBody().jsonPath("$").isArray();
    }

    @Test
    void bad_paging_is_a_validation_error_or_the_default_page_as_in_blnk_never_a_server_error() {
        for (String query : new String[] {"limit=abc", "limit=0", "offset=-1", "offset=x"}) {
            // balances (and ledgers) refuse a malformed limit or offset, as Blnk does
            http.get().uri("/balances?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error_detail.code").isEqualTo("GEN_VALIDATION_ERROR")
                    .jsonPath("$.error").isNotEmpty()
                    .jsonPath("$.error_detail.details").isMap();
            // transactions serve the default page instead, as Blnk does
            http.get().uri("/transactions?" + query).exchange().expectStatus().isOk();
        }
        // a page above the cap is served at the cap
        http.get().uri("/balances?limit=100000").exchange().expectStatus().isOk();
    }

    @Test
    void unknown_ids_are_404_with_the_blnk_envelope() {
        expectNotFound("/transactions/txn_missing", "TXN_NOT_FOUND");
        expectNotFound("/transactions/reference/no-such-ref", "TXN_NOT_FOUND");
        expectNotFound("/balances/bln_missing", "BAL_NOT_FOUND");
        expectNotFound("/balances/indicator/%40Nobody/currency/USD", "BAL_NOT_FOUND");
        expectNotFound("/ledgers/ldg_missing", "LGR_NOT_FOUND");
    }

    @Test
    void health_is_up_while_database_and_consumer_run() {
        http.get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"status\":\"UP\"}");
    }

    private static void expectNotFound(String path, String code) {
        http.get().uri(URI.create(baseUrl + path)).exchange()
                .expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.error").isNotEmpty()
                .jsonPath("$.error_detail.code").isEqualTo(code)
                .jsonPath("$.error_detail.message").isNotEmpty()
                .jsonPath("$.error_detail.details").isMap();
    }

    private static void awaitBalanceVersion(String balanceId, long version) {
        eventually(() -> http.get().uri("/balances/{id}", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(version));
    }

    private static void eventually(Runnable assertion) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion::run);
    }

    @SafeVarargs
    private static <T extends org.apache.avro.specific.SpecificRecord> void publish(
            AvroSerde<T> serde, String topic, String key, T... values) {
        producer.beginTransaction();
        for (T value : values) {
            producer.send(new ProducerRecord<>(topic, key, serde.encode(value)));
        }
        producer.commitTransaction();
    }

    private static ProjectionConsumer consumer() {
        return app.getBean(ProjectionConsumer.class);
    }

    private static String queryText(String sql) throws Exception {
        try (Connection connection = postgres.getDatabase("postgres", "ledgerline").getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

}
