package dev.ledgerline.projection;

import static dev.ledgerline.projection.Events.entry;
import static dev.ledgerline.projection.Events.open;
import static dev.ledgerline.projection.Events.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The v2 read API end to end (real KRaft broker, real PostgreSQL, the running application): v2
 * transaction fields, queued sums, list filters and the filter DSL, historical balances. Each test
 * works on its own currency or ids so tests sharing the database never see each other's rows.
 */
class QueryApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static ProjectionStack stack;
    private static EmbeddedKafkaKraftBroker kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static WebTestClient http;
    private static String baseUrl;

    private static final AvroSerde<LedgerRecord> LEDGERS = AvroSerde.of(LedgerRecord.class);
    private static final AvroSerde<BalanceEntry> ENTRIES = AvroSerde.of(BalanceEntry.class);
    private static final AvroSerde<TransactionRecord> TRANSACTIONS = AvroSerde.of(TransactionRecord.class);

    @BeforeAll
    static void startBrokerDatabaseAndApplication() throws Exception {
        stack = new ProjectionStack("query-api-test");
        kafka = stack.kafka;
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

    // ---------------------------------------------------------------- v2 fields

    @Test
    void v2_fields_are_rendered_and_terminal_records_never_say_inflight() {
        // given an inflight transaction: its QUEUED root, the INFLIGHT outcome with deadlines,
        // a commit child and a void child that (wrongly) still carry inflight=true on the wire
        String ref = "ref_" + UUID.randomUUID();
        String root = "txn_" + UUID.randomUUID();
        String held = "txn_" + UUID.randomUUID();
        String commit = "txn_" + UUID.randomUUID();
        String voided = "txn_" + UUID.randomUUID();
        long expiry = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
        long commitAt = Instant.parse("2024-01-03T10:00:00.5Z").toEpochMilli();
        long scheduled = Instant.parse("2024-01-01T16:00:00Z").toEpochMilli();
        TransactionRecord queued = transaction(root, ref).setInflight(true).setScheduledForMs(scheduled)
                .setInflightExpiryMs(expiry).setInflightCommitMs(commitAt)
                .setSourceBalanceId("bln_src").setDestinationBalanceId("bln_dst").build();
        TransactionRecord inflight = transaction(held, ref + "_q").setParentTransaction(root).setStatus("INFLIGHT")
                .setInflight(true).setInflightExpiryMs(expiry).setInflightCommitMs(commitAt).build();
        TransactionRecord applied = transaction(commit, ref + "_commit_1").setParentTransaction(held)
                .setStatus("APPLIED").setInflight(true).setSkipQueue(true).build();
        TransactionRecord released = transaction(voided, ref + "_void_2").setParentTransaction(held)
                .setStatus("VOID").setInflight(true).build();

        // when they are published
        publish(TRANSACTIONS, Topics.TRANSACTIONS, root, queued, inflight, applied, released);

        // then the QUEUED root shows its deadlines and the request's inflight flag
        eventually(() -> http.get().uri("/transactions/{id}", voided).exchange().expectStatus().isOk());
        http.get().uri("/transactions/{id}", root).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.inflight").isEqualTo(true)
                .jsonPath("$.skip_queue").isEqualTo(false)
                .jsonPath("$.scheduled_for").isEqualTo("2024-01-01T16:00:00Z")
                .jsonPath("$.inflight_expiry_date").isEqualTo("2024-01-02T00:00:00Z")
                .jsonPath("$.inflight_commit_date").isEqualTo("2024-01-03T10:00:00.5Z");
        // and the INFLIGHT record is inflight, with no scheduled time (zero time)
        http.get().uri("/transactions/{id}", held).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("INFLIGHT")
                .jsonPath("$.inflight").isEqualTo(true)
                .jsonPath("$.scheduled_for").isEqualTo("0001-01-01T00:00:00Z")
                .jsonPath("$.inflight_expiry_date").isEqualTo("2024-01-02T00:00:00Z");
        // and the terminal children are not inflight (Blnk #293); skip_queue comes from the record
        http.get().uri("/transactions/{id}", commit).exchange()
                .expectBody()
                .jsonPath("$.status").isEqualTo("APPLIED")
                .jsonPath("$.inflight").isEqualTo(false)
                .jsonPath("$.skip_queue").isEqualTo(true)
                .jsonPath("$.inflight_expiry_date").isEqualTo("0001-01-01T00:00:00Z")
                .jsonPath("$.inflight_commit_date").isEqualTo("0001-01-01T00:00:00Z");
        http.get().uri("/transactions/{id}", voided).exchange()
                .expectBody()
                .jsonPath("$.status").isEqualTo("VOID")
                .jsonPath("$.inflight").isEqualTo(false);
    }

    // ---------------------------------------------------------------- with_queued

    @Test
    void with_queued_sums_queued_records_until_their_outcome_arrives() {
        // given a balance, two QUEUED debits and one QUEUED credit on it, one of the debits already
        // settled (its _q child is there), and a QUEUED record of another balance
        String balanceId = "bln_" + UUID.randomUUID();
        publish(ENTRIES, Topics.ENTRIES, balanceId, open(balanceId, null, "USD"));
        String pendingDebit = "txn_" + UUID.randomUUID();
        String settledDebit = "txn_" + UUID.randomUUID();
        String pendingCredit = "txn_" + UUID.randomUUID();
        String elsewhere = "txn_" + UUID.randomUUID();
        String ref = "ref_" + UUID.randomUUID();
        publish(TRANSACTIONS, Topics.TRANSACTIONS, pendingDebit,
                queuedRecord(pendingDebit, ref + "_a", balanceId, "bln_other", "300"),
                queuedRecord(settledDebit, ref + "_b", balanceId, "bln_other", "7000"),
                transaction("txn_" + UUID.randomUUID(), ref + "_b_q").setParentTransaction(settledDebit)
                        .setStatus("APPLIED").setSourceBalanceId(balanceId).setDestinationBalanceId("bln_other")
                        .setPreciseAmount("7000").build(),
                queuedRecord(pendingCredit, ref + "_c", "bln_other", balanceId, "50"),
                queuedRecord(elsewhere, ref + "_d", "bln_other", "bln_other2", "999"));
        eventually(() -> http.get().uri("/transactions/{id}", elsewhere).exchange().expectStatus().isOk());

        // when the balance is read with_queued
        // then only the pending records count
        http.get().uri("/balances/{id}?with_queued=true", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.queued_debit_balance").isEqualTo(300)
                .jsonPath("$.queued_credit_balance").isEqualTo(50)
                .jsonPath("$.balance").isEqualTo(0);
        // and without the flag both fields are absent
        http.get().uri("/balances/{id}", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.queued_debit_balance").doesNotExist()
                .jsonPath("$.queued_credit_balance").doesNotExist();

        // when the pending debit's outcome (even a rejection) arrives
        publish(TRANSACTIONS, Topics.TRANSACTIONS, pendingDebit,
                transaction("txn_" + UUID.randomUUID(), ref + "_a_q").setParentTransaction(pendingDebit)
                        .setStatus("REJECTED").setSourceBalanceId(balanceId).setPreciseAmount("300").build());

        // then it no longer counts as queued
        eventually(() -> http.get().uri("/balances/{id}?with_queued=true", balanceId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.queued_debit_balance").isEqualTo(0)
                .jsonPath("$.queued_credit_balance").isEqualTo(50));
    }

    @Test
    void with_queued_on_an_unknown_balance_is_404() {
        http.get().uri("/balances/bln_missing?with_queued=true").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error_detail.code").isEqualTo("BAL_NOT_FOUND");
    }

    // ---------------------------------------------------------------- GET list filters

    @Test
    void every_query_operator_filters_transactions() {
        // given three transactions in a currency no other test uses
        String cur = currency();
        String t1 = "txn_1_" + cur;
        String t2 = "txn_2_" + cur;
        String t3 = "txn_3_" + cur;
        publish(TRANSACTIONS, Topics.TRANSACTIONS, t1,
                transaction(t1, "ref_1_" + cur).setCurrency(cur).setStatus("APPLIED").setPreciseAmount("1000")
                        .setDescription("coffee beans").setSourceBalanceId("bln_a_" + cur)
                        .setCreatedAtMs(ms("2024-01-01T00:00:00Z")).build(),
                transaction(t2, "ref_2_" + cur).setCurrency(cur).setStatus("QUEUED").setPreciseAmount("2000")
                        .setDescription("Coffee cup").setEffectiveDateMs(ms("2023-12-01T00:00:00Z"))
                        .setCreatedAtMs(ms("2024-02-01T00:00:00Z")).build(),
                transaction(t3, "ref_3_" + cur).setCurrency(cur).setStatus("REJECTED").setPreciseAmount("3000")
                        .setDescription("tea").setParentTransaction(t2)
                        .setCreatedAtMs(ms("2024-03-01T00:00:00Z")).build());
        eventually(() -> expectIds("/transactions?currency_eq=" + cur, t3, t2, t1));

        // when filtered with each operator, then exactly the matching rows come back, newest first
        expectIds("/transactions?currency_eq=" + cur + "&status_eq=APPLIED", t1);
        expectIds("/transactions?currency_eq=" + cur + "&status_ne=APPLIED", t3, t2);
        expectIds("/transactions?currency_eq=" + cur + "&precise_amount_gt=1000", t3, t2);
        expectIds("/transactions?currency_eq=" + cur + "&precise_amount_gte=2000", t3, t2);
        expectIds("/transactions?currency_eq=" + cur + "&precise_amount_lt=2000", t1);
        expectIds("/transactions?currency_eq=" + cur + "&created_at_lte=2024-02-01T00:00:00Z", t2, t1);
        expectIds("/transactions?currency_eq=" + cur + "&created_at_gte=2024-02-01T00:00:00Z", t3, t2);
        expectIds("/transactions?currency_eq=" + cur + "&status_in=APPLIED,REJECTED", t3, t1);
        expectIds("/transactions?currency_in=" + cur + ",XXX&precise_amount_between=1500%7C3000", t3, t2);
        expectIds("/transactions?currency_eq=" + cur + "&description_like=coffee%25", t1);
        expectIds("/transactions?currency_eq=" + cur + "&description_ilike=coffee%25", t2, t1);
        expectIds("/transactions?currency_eq=" + cur + "&effective_date_isnull=true", t3, t1);
        expectIds("/transactions?currency_eq=" + cur + "&effective_date_isnotnull=true", t2);
        expectIds("/transactions?currency_eq=" + cur + "&parent_transaction_eq=" + t2, t3);
        expectIds("/transactions?source_balance_id_eq=bln_a_" + cur, t1);
        // and sorting and paging apply after filtering
        expectIds("/transactions?currency_eq=" + cur + "&sort_by=precise_amount&sort_order=asc", t1, t2, t3);
        expectIds("/transactions?currency_eq=" + cur + "&sort_by=precise_amount&sort_order=asc&limit=1&offset=1", t2);
    }

    @Test
    void balances_and_ledgers_filter_by_query_parameters() {
        // given three balances in a currency no other test uses, one of them an @indicator balance
        String cur = currency();
        String rich = "bln_rich_" + cur;
        String poor = "bln_poor_" + cur;
        String world = "bln_world_" + cur;
        BigInteger hundred = BigInteger.valueOf(100);
        publish(ENTRIES, Topics.ENTRIES, rich, open(rich, null, cur),
                entry(rich, 1, EntryKind.CREDIT, null, cur, hundred, hundred, BigInteger.ZERO));
        publish(ENTRIES, Topics.ENTRIES, poor, open(poor, null, cur),
                entry(poor, 1, EntryKind.DEBIT, null, cur, hundred, BigInteger.ZERO, hundred));
        publish(ENTRIES, Topics.ENTRIES, world, open(world, "@World", cur));
        String ledgerId = "ldg_" + UUID.randomUUID();
        publish(LEDGERS, Topics.LEDGERS, ledgerId, Events.ledger(ledgerId, "Ledger " + cur));
        eventually(() -> expectBalances("/balances?currency_eq=" + cur + "&sort_by=balance_id&sort_order=asc",
                poor, rich, world));

        // when filtered, then only the matching balances come back
        expectBalances("/balances?currency_eq=" + cur + "&balance_gt=0", rich);
        expectBalances("/balances?currency_eq=" + cur + "&debit_balance_gte=100", poor);
        expectBalances("/balances?currency_eq=" + cur + "&indicator_isnull=true&balance_lte=0", poor);
        expectBalances("/balances?currency_eq=" + cur + "&indicator_eq=@World", world);
        expectBalances("/balances?ledger_id_eq=general_ledger_id&currency_eq=" + cur, world);
        // and ledgers filter by name
        eventually(() -> http.get().uri("/ledgers?name_eq={name}", "Ledger " + cur).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].ledger_id").isEqualTo(List.of(ledgerId)));
    }

    // ---------------------------------------------------------------- filter DSL

    @Test
    void the_filter_dsl_filters_counts_and_combines_with_or() {
        // given three transactions in a currency no other test uses
        String cur = currency();
        String a = "txn_a_" + cur;
        String b = "txn_b_" + cur;
        String c = "txn_c_" + cur;
        publish(TRANSACTIONS, Topics.TRANSACTIONS, a,
                transaction(a, "ref_a_" + cur).setCurrency(cur).setStatus("APPLIED").setPreciseAmount("10")
                        .setCreatedAtMs(ms("2024-01-01T00:00:00Z")).build(),
                transaction(b, "ref_b_" + cur).setCurrency(cur).setStatus("REJECTED").setPreciseAmount("20")
                        .setCreatedAtMs(ms("2024-01-02T00:00:00Z")).build(),
                transaction(c, "ref_c_" + cur).setCurrency(cur).setStatus("QUEUED").setPreciseAmount("30")
                        .setCreatedAtMs(ms("2024-01-03T00:00:00Z")).build());
        eventually(() -> expectIds("/transactions?currency_eq=" + cur, c, b, a));

        // when filtered with values, a JSON number and include_count, one per page
        String counted = """
                {"filters":[{"field":"currency","operator":"eq","value":"%s"},
                            {"field":"status","operator":"in","values":["APPLIED","REJECTED"]},
                            {"field":"precise_amount","operator":"gte","value":10}],
                 "limit":1,"sort_by":"precise_amount","sort_order":"asc","include_count":true}""".formatted(cur);
        // then the page holds one row and total_count counts all matches
        postFilter("/transactions/filter", counted)
                .jsonPath("$.total_count").isEqualTo(2)
                .jsonPath("$.data[*].transaction_id").isEqualTo(List.of(a));

        // when two references are combined with or, without include_count
        String either = """
                {"filters":[{"field":"reference","operator":"eq","value":"ref_a_%s"},
                            {"field":"reference","operator":"eq","value":"ref_c_%s"}],
                 "logical_operator":"or"}""".formatted(cur, cur);
        // then a bare array comes back, newest first
        postFilter("/transactions/filter", either).jsonPath("$[*].transaction_id").isEqualTo(List.of(c, a));

        // and between takes two values
        postFilter("/transactions/filter", """
                {"filters":[{"field":"currency","operator":"eq","value":"%s"},
                            {"field":"precise_amount","operator":"between","values":[15,30]}]}""".formatted(cur))
                .jsonPath("$[*].transaction_id").isEqualTo(List.of(c, b));
    }

    @Test
    void the_filter_dsl_serves_balances_and_ledgers() {
        // given a balance in a currency no other test uses
        String cur = currency();
        String balanceId = "bln_" + cur;
        publish(ENTRIES, Topics.ENTRIES, balanceId, open(balanceId, null, cur));
        eventually(() -> expectBalances("/balances?currency_eq=" + cur, balanceId));

        // when filtered through the DSL with include_count, then it is the only match
        postFilter("/balances/filter", """
                {"filters":[{"field":"currency","operator":"eq","value":"%s"},
                            {"field":"balance","operator":"eq","value":0}],"include_count":true}""".formatted(cur))
                .jsonPath("$.total_count").isEqualTo(1)
                .jsonPath("$.data[0].balance_id").isEqualTo(balanceId);
        // and the seeded General Ledger is found by the ledgers DSL
        postFilter("/ledgers/filter", """
                {"filters":[{"field":"ledger_id","operator":"eq","value":"general_ledger_id"}]}""")
                .jsonPath("$[0].name").isEqualTo("General Ledger");
    }

    // ---------------------------------------------------------------- bad filters

    @Test
    void blnk_filters_on_meta_data_virtual_fields_amounts_and_whole_days() {
        // given two balances, one an @indicator balance, and three transactions between them with meta_data
        String cur = currency();
        String shop = "bln_shop_" + cur;
        String world = "bln_world_" + cur;
        publish(ENTRIES, Topics.ENTRIES, shop, open(shop, null, cur));
        publish(ENTRIES, Topics.ENTRIES, world, open(world, "@World" + cur, cur));
        String t1 = "txn_m1_" + cur;
        String t2 = "txn_m2_" + cur;
        String t3 = "txn_m3_" + cur;
        publish(TRANSACTIONS, Topics.TRANSACTIONS, t1,
                transaction(t1, "ref_m1_" + cur).setCurrency(cur).setPreciseAmount("1050").setPrecision(100)
                        .setSourceBalanceId(world).setDestinationBalanceId(shop)
                        .setMetaDataJson("{\"order_id\":12345,\"score\":\"7\"}")
                        .setCreatedAtMs(ms("2024-03-01T08:00:00Z")).build(),
                transaction(t2, "ref_m2_" + cur).setCurrency(cur).setPreciseAmount("99").setPrecision(100)
                        .setSourceBalanceId(shop).setDestinationBalanceId(world)
                        .setMetaDataJson("{\"order_id\":\"12345\",\"score\":\"high\"}")
                        .setCreatedAtMs(ms("2024-03-01T23:59:59Z")).build(),
                transaction(t3, "ref_m3_" + cur).setCurrency(cur).setPreciseAmount("500").setPrecision(1)
                        .setSourceBalanceId(shop).setDestinationBalanceId("bln_other_" + cur)
                        .setMetaDataJson("{\"score\":12}")
                        .setCreatedAtMs(ms("2024-03-02T00:00:00Z")).build());
        eventually(() -> expectIds("/transactions?currency_eq=" + cur, t3, t2, t1));

        // when a query parameter names a meta_data key, then equality is by JSON type, as Blnk types the value
        expectIds("/transactions?currency_eq=" + cur + "&meta_data.order_id_eq=12345", t1);
        // and the DSL can ask for the string
        postFilter("/transactions/filter", """
                {"filters":[{"field":"currency","operator":"eq","value":"%s"},
                            {"field":"meta_data.order_id","operator":"eq","value":"12345"}]}""".formatted(cur))
                .jsonPath("$[*].transaction_id").isEqualTo(List.of(t2));
        // and order comparisons are numeric, skipping (not failing on) a value that is no number
        expectIds("/transactions?currency_eq=" + cur + "&meta_data.score_gt=5", t3, t1);
        expectIds("/transactions?currency_eq=" + cur + "&meta_data.score_isnotnull=x&meta_data.order_id_isnull=x", t3);
        // and balance_id matches either side, indicator either side's balance indicator
        expectIds("/transactions?currency_eq=" + cur + "&balance_id_eq=" + world, t2, t1);
        expectIds("/transactions?currency_eq=" + cur + "&balance_id_neq=" + world, t3);
        expectIds("/transactions?currency_eq=" + cur + "&indicator_eq=@World" + cur, t2, t1);
        // and amount is in major units (precise_amount over the precision multiplier)
        expectIds("/transactions?currency_eq=" + cur + "&amount_gte=10.5", t3, t1);
        // and a date matches its whole day
        expectIds("/transactions?currency_eq=" + cur + "&created_at_eq=2024-03-01", t2, t1);
        // and only the first value of a repeated parameter counts
        expectIds("/transactions?reference_eq=ref_m1_" + cur + "&reference_eq=no_such_reference", t1);
        // and meta_data works on balances too
        expectBalances("/balances?currency_eq=" + cur + "&meta_data.anything_isnull=true&sort_by=balance_id"
                + "&sort_order=asc", shop, world);
    }

    @Test
    void bad_query_filters_are_400s_and_parameters_that_are_no_filters_are_skipped() {
        // Given a filter on a field the entity does not have, When asked, Then 400 GEN_BAD_REQUEST, as in Blnk
        for (String query : List.of("nosuchfield_eq=1", "status%3BDROP%20TABLE%20transactions%3B--_eq=x",
                "meta_data.a.b_eq=1", "balance_id_gt=x")) {
            expectBadRequest(http.get().uri(URI.create(baseUrl + "/transactions?" + query)).exchange(), query);
        }
        expectBadRequest(http.get().uri("/ledgers?currency_eq=USD").exchange(), "ledgers");
        // Given a value or parameter the grammar refuses, Then 400 GEN_VALIDATION_ERROR with Blnk's errors list
        for (String query : List.of(
                "precise_amount_gt=abc",
                "created_at_gte=yesterday",
                "precise_amount_between=1",
                "currency_in=" + "X,".repeat(100) + "X",
                "description_eq=" + "x".repeat(1001),
                "precise_amount_like=1%25",
                "logical_operator=xor",
                // injection attempt in a numeric value
                "precise_amount_eq=1%20OR%201%3D1")) {
            expectValidationError(http.get().uri(URI.create(baseUrl + "/transactions?" + query)).exchange(), query);
        }
        StringBuilder tooMany = new StringBuilder("currency_eq=USD");
        for (int i = 0; i < 20; i++) {
            tooMany.append("&status").append(i).append("_ne=S");
        }
        expectBadRequestOf(http.get().uri(URI.create(baseUrl + "/transactions?" + tooMany)).exchange(), "21 filters");
        expectValidationError(http.get().uri("/balances?balance_gt=lots").exchange(), "balances");
        // and a malformed limit is a 400 on balances and ledgers, the default page on transactions, as in Blnk
        http.get().uri("/balances?limit=many").exchange().expectStatus().isBadRequest();
        http.get().uri("/ledgers?offset=-1").exchange().expectStatus().isBadRequest();
        http.get().uri("/transactions?limit=many").exchange().expectStatus().isOk();
        http.get().uri("/transactions?limit=100000").exchange().expectStatus().isOk();

        // Given parameters that are no filters (no operator suffix, reserved, Ledgerline's sorting), Then skipped
        for (String query : List.of("status=APPLIED", "status_matches=APPLIED", "ledger_id=x", "include=ledger",
                "with_queued=true", "sort_by=meta_data", "sort_order=sideways", "page=2", "ORDER_BY=x")) {
            http.get().uri(URI.create(baseUrl + "/transactions?limit=1&" + query)).exchange()
                    .expectStatus().value(status -> assertThat(status).as(query).isEqualTo(200));
        }
    }

    @Test
    void a_nul_character_in_an_id_or_a_filter_value_is_the_callers_400_not_a_500() {
        // Given a caller of this port directly (the gateway refuses these before they get here)
        for (String target : List.of("/transactions/%00", "/balances/bln_%00x", "/ledgers/a%00b",
                "/transactions?reference_eq=a%00b", "/transactions/reference/a%00b")) {
            // When it asks with an encoded NUL, Then the answer is a 400 in Blnk's envelope
            http.get().uri(URI.create(baseUrl + target)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error_detail.code").isEqualTo("GEN_MALFORMED_REQUEST");
        }
        // And a DSL filter body with a NUL in a value too
        http.post().uri("/transactions/filter").header("Content-Type", "application/json")
                .bodyValue("{\"filters\":[{\"field\":\"reference\",\"operator\":\"eq\",\"value\":\"a\\u0000b\"}]}")
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void an_injection_attempt_in_a_text_value_matches_nothing_and_harms_nothing() {
        // given a text value that would rewrite the statement if it were concatenated
        String hostile = "x' OR '1'='1'; DROP TABLE transactions; --";

        // when it is used as a query filter and as a DSL filter
        http.get().uri("/transactions?reference_eq={v}", hostile).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        postFilter("/transactions/filter", """
                {"filters":[{"field":"reference","operator":"eq","value":"x' OR '1'='1'; DROP TABLE transactions; --"}]}""")
                .jsonPath("$.length()").isEqualTo(0);

        // then the table is still there
        http.get().uri("/transactions?limit=1").exchange().expectStatus().isOk();
    }

    @Test
    void bad_dsl_bodies_are_400s_and_out_of_range_paging_or_sorting_falls_back_as_in_blnk() {
        // Given a filter Blnk calls invalid (unknown field, operator not in canonical lower case, in without values,
        // between without two), When posted, Then 400 GEN_BAD_REQUEST "Invalid filter: ..."
        for (String body : List.of(
                "{\"filters\":[{\"field\":\"status = status OR 1=1 --\",\"operator\":\"eq\",\"value\":\"x\"}]}",
                "{\"filters\":[{\"field\":\"status\",\"operator\":\"regex\",\"value\":\"x\"}]}",
                "{\"filters\":[{\"field\":\"status\",\"operator\":\"EQ\",\"value\":\"x\"}]}",
                "{\"filters\":[{\"field\":\"status\",\"operator\":\"neq\",\"value\":\"x\"}]}",
                "{\"filters\":[{\"field\":\"status\",\"operator\":\"in\",\"values\":[]}]}",
                "{\"filters\":[{\"field\":\"precise_amount\",\"operator\":\"between\",\"values\":[1]}]}")) {
            expectBadRequest(http.post().uri("/transactions/filter").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange(), body);
        }
        // Given a value the field cannot take or a bad logical_operator, Then 400 GEN_VALIDATION_ERROR
        for (String body : List.of(
                "{\"filters\":[{\"field\":\"status\",\"operator\":\"eq\"}]}",
                "{\"filters\":[{\"field\":\"status\",\"operator\":\"eq\",\"value\":{\"nested\":1}}]}",
                "{\"filters\":[{\"field\":\"precise_amount\",\"operator\":\"eq\",\"value\":\"1; DELETE FROM transactions\"}]}",
                "{\"filters\":[],\"logical_operator\":\"xor\"}")) {
            expectValidationError(http.post().uri("/transactions/filter").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange(), body);
        }
        // Given paging or sorting out of range, Then the page is served as Blnk reads it (capped, defaulted, by date)
        for (String body : List.of("{\"filters\":[],\"limit\":101}", "{\"filters\":[],\"offset\":-1}",
                "{\"filters\":[],\"sort_by\":\"hash; DROP TABLE x\"}", "{\"sort_order\":\"sideways\"}")) {
            http.post().uri("/transactions/filter").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().value(status -> assertThat(status).as(body).isEqualTo(200));
        }
        http.post().uri("/transactions/filter").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_detail.code").isEqualTo("GEN_MALFORMED_REQUEST");
    }

    // ---------------------------------------------------------------- historical balance

    @Test
    void a_historical_balance_includes_a_backdated_entry_and_ignores_holds() {
        // given a balance opened on Jan 1 with: +100 (Jan 2), -30 (Jan 4), a +50 recorded later but
        // backdated to Jan 3, a 20 hold on Jan 3 12:00 (settles nothing) and a 10 commit on Jan 5
        String id = "bln_" + UUID.randomUUID();
        BigInteger c100 = BigInteger.valueOf(100);
        publish(ENTRIES, Topics.ENTRIES, id,
                at(open(id, null, "USD"), "2024-01-01T00:00:00Z"),
                at(entry(id, 1, EntryKind.CREDIT, null, "USD", c100, c100, BigInteger.ZERO), "2024-01-02T00:00:00Z"),
                at(entry(id, 2, EntryKind.DEBIT, null, "USD", BigInteger.valueOf(30), c100, BigInteger.valueOf(30)),
                        "2024-01-04T00:00:00Z"),
                at(entry(id, 3, EntryKind.CREDIT, null, "USD", BigInteger.valueOf(50), BigInteger.valueOf(150),
                        BigInteger.valueOf(30)), "2024-01-03T00:00:00Z"),
                at(entry(id, 4, EntryKind.INFLIGHT_DEBIT, null, "USD", BigInteger.valueOf(20), BigInteger.valueOf(150),
                        BigInteger.valueOf(30)), "2024-01-03T12:00:00Z"),
                at(entry(id, 5, EntryKind.COMMIT_DEBIT, null, "USD", BigInteger.valueOf(10), BigInteger.valueOf(150),
                        BigInteger.valueOf(40)), "2024-01-05T00:00:00Z"));
        eventually(() -> http.get().uri("/balances/{id}", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(5));

        // when read at points in time, then only entries effective by then count
        expectAt(id, "2024-01-01T00:00:00Z", 0, 0);
        expectAt(id, "2024-01-02T12:00:00Z", 100, 0);
        expectAt(id, "2024-01-03T00:00:00Z", 150, 0); // the backdated credit, inclusive bound
        expectAt(id, "2024-01-04T12:00:00Z", 150, 30);
        expectAt(id, "2024-01-06T00:00:00+02:00", 150, 40);
        // and the envelope echoes the timestamp (UTC) and from_source
        http.get().uri("/balances/{id}/at?timestamp={t}&from_source=true", id, "2024-01-04T14:00:00+02:00").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.timestamp").isEqualTo("2024-01-04T12:00:00Z")
                .jsonPath("$.from_source").isEqualTo(true)
                .jsonPath("$.balance.balance_id").isEqualTo(id)
                .jsonPath("$.balance.currency").isEqualTo("USD")
                .jsonPath("$.balance.balance").isEqualTo(120);

        // when read before the balance had any entry, then there is no history
        http.get().uri("/balances/{id}/at?timestamp=2023-12-31T23:59:59Z", id).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error_detail.code").isEqualTo("BAL_HISTORY_NOT_FOUND");
    }

    @Test
    void a_snapshot_continues_the_history_and_entries_recorded_after_it_still_count() {
        // given a balance with +100 and -30, and a -5 already recorded but effective in 2099
        String id = "bln_" + UUID.randomUUID();
        BigInteger c100 = BigInteger.valueOf(100);
        publish(ENTRIES, Topics.ENTRIES, id,
                at(open(id, null, "USD"), "2024-01-01T00:00:00Z"),
                at(entry(id, 1, EntryKind.CREDIT, null, "USD", c100, c100, BigInteger.ZERO), "2024-01-02T00:00:00Z"),
                at(entry(id, 2, EntryKind.DEBIT, null, "USD", BigInteger.valueOf(30), c100, BigInteger.valueOf(30)),
                        "2024-01-04T00:00:00Z"),
                at(entry(id, 3, EntryKind.DEBIT, null, "USD", BigInteger.valueOf(5), c100, BigInteger.valueOf(35)),
                        "2099-06-01T00:00:00Z"));
        eventually(() -> http.get().uri("/balances/{id}", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(3));

        // when every balance is snapshotted
        String snapshotAt = http.post().uri("/balances-snapshots?batch_size=2").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("snapshot_at").asString();
        eventually(() -> http.get().uri("/balances-snapshots").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("COMPLETED")
                .jsonPath("$.snapshot_at").isEqualTo(snapshotAt));

        // then the balance has a snapshot of what was effective by then, on the chain head it was summed through
        http.get().uri("/balances/{id}/snapshots", id).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].snapshot_at").isEqualTo(snapshotAt)
                .jsonPath("$[0].credit_balance").isEqualTo(100)
                .jsonPath("$[0].debit_balance").isEqualTo(30)
                .jsonPath("$[0].entries").isEqualTo(3) // the opening entry and the two effective by then
                .jsonPath("$[0].through_version").isEqualTo(3)
                .jsonPath("$[0].through_hash").isNotEmpty();

        // and when a +7 backdated to 2024 is recorded after the snapshot
        publish(ENTRIES, Topics.ENTRIES, id, at(entry(id, 4, EntryKind.CREDIT, null, "USD", BigInteger.valueOf(7),
                BigInteger.valueOf(107), BigInteger.valueOf(35)), "2024-01-02T06:00:00Z"));
        eventually(() -> http.get().uri("/balances/{id}", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(4));

        // then reads after the snapshot count it and the 2099 debit once, exactly as a sum from the first entry
        expectAt(id, "2098-01-01T00:00:00Z", 107, 30);
        expectAt(id, "2100-01-01T00:00:00Z", 107, 35);
        for (String t : List.of("2098-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "2024-01-03T00:00:00Z")) {
            String fromSnapshot = http.get().uri("/balances/{id}/at?timestamp={t}", id, t).exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("balance").toString();
            String fromSource = http.get().uri("/balances/{id}/at?timestamp={t}&from_source=true", id, t).exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("balance").toString();
            assertThat(fromSnapshot).as(t).isEqualTo(fromSource);
        }
    }

    @Test
    void a_snapshot_batch_size_that_is_no_whole_number_above_zero_is_refused() {
        for (String batch : List.of("0", "-1", "abc", "1.5", "")) {
            http.post().uri(URI.create(baseUrl + "/balances-snapshots?batch_size=" + batch)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error_detail.code").isEqualTo("GEN_BAD_REQUEST")
                    .jsonPath("$.error").isEqualTo("invalid batch_size value");
        }
    }

    @Test
    void historical_balance_errors_follow_blnk() {
        // an unknown balance has no history
        http.get().uri("/balances/bln_missing/at?timestamp=2024-01-01T00:00:00Z").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error_detail.code").isEqualTo("BAL_HISTORY_NOT_FOUND");
        // a missing or malformed timestamp is refused
        for (String query : List.of("", "?timestamp=", "?timestamp=yesterday", "?timestamp=2024-13-01T00:00:00Z",
                "?timestamp=2024-01-01")) {
            http.get().uri(URI.create(baseUrl + "/balances/bln_missing/at" + query)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error_detail.code").isEqualTo("BAL_INVALID_TIMESTAMP")
                    .jsonPath("$.error").isNotEmpty();
        }
        http.get().uri("/balances/bln_missing/at?timestamp=2024-01-01T00:00:00Z&from_source=maybe").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_detail.code").isEqualTo("GEN_VALIDATION_ERROR");
    }

    // ---------------------------------------------------------------- helpers

    private static TransactionRecord queuedRecord(String id, String reference, String source, String destination,
                                                  String amount) {
        return transaction(id, reference).setSourceBalanceId(source).setDestinationBalanceId(destination)
                .setPreciseAmount(amount).build();
    }

    private static BalanceEntry at(BalanceEntry entry, String effective) {
        return BalanceEntry.newBuilder(entry).setEffectiveAtMs(ms(effective)).build();
    }

    private static void expectAt(String id, String timestamp, long credit, long debit) {
        http.get().uri("/balances/{id}/at?timestamp={t}", id, timestamp).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.balance.credit_balance").isEqualTo(credit)
                .jsonPath("$.balance.debit_balance").isEqualTo(debit)
                .jsonPath("$.balance.balance").isEqualTo(credit - debit)
                .jsonPath("$.from_source").isEqualTo(false);
    }

    private static long ms(String rfc3339) {
        return Instant.parse(rfc3339).toEpochMilli();
    }

    /** A currency code no other test uses, so list filters see this test's rows only. */
    private static String currency() {
        return "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    private static void expectIds(String path, String... ids) {
        http.get().uri(URI.create(baseUrl + path)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].transaction_id").isEqualTo(List.of(ids));
    }

    private static void expectBalances(String path, String... ids) {
        http.get().uri(URI.create(baseUrl + path)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].balance_id").isEqualTo(List.of(ids));
    }

    private static WebTestClient.BodyContentSpec postFilter(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody();
    }

    /** Blnk's shape for a filter parameter the grammar refuses: the legacy errors list, here and in details. */
    private static void expectValidationError(WebTestClient.ResponseSpec response, String what) {
        response.expectStatus().value(status -> assertThat(status).as(what).isEqualTo(400))
                .expectBody()
                .jsonPath("$.error_detail.code").isEqualTo("GEN_VALIDATION_ERROR")
                .jsonPath("$.error").isNotEmpty()
                .jsonPath("$.errors[0].Message").isNotEmpty()
                .jsonPath("$.error_detail.details[0].Param").exists();
    }

    private static void expectBadRequestOf(WebTestClient.ResponseSpec response, String what) {
        response.expectStatus().value(status -> assertThat(status).as(what).isEqualTo(400));
    }

    /** A filter on a field the entity lacks: Blnk's GEN_BAD_REQUEST "Invalid filter: …". */
    private static void expectBadRequest(WebTestClient.ResponseSpec response, String what) {
        response.expectStatus().value(status -> assertThat(status).as(what).isEqualTo(400))
                .expectBody()
                .jsonPath("$.error_detail.code").isEqualTo("GEN_BAD_REQUEST")
                .jsonPath("$.error").value(message -> assertThat((String) message).as(what).startsWith("Invalid filter"));
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
}
