package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/*
 * Goal: each public record becomes Blnk's webhook (name, envelope, data) or none, with money exact at any size.
 * Method: records built as the processor writes them, bodies checked as text (exact digits) and as JSON.
 */
class WebhookEnvelopesTest {

    private static final String HUGE = "123456789012345678901234567890123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void an_applied_record_is_transaction_applied_with_blnks_transaction_and_exact_big_amounts() {
        // given an APPLIED outcome record of a transfer far above 2^53 minor units
        TransactionRecord applied = transaction("APPLIED").setPreciseAmount(HUGE).build();

        // when it becomes a webhook
        WebhookEvent event = WebhookEnvelopes.transaction("ledger.transactions-2-17", applied).orElseThrow();

        // then the envelope is Blnk's, event first, and the amount is the exact integer
        String body = new String(event.body(), StandardCharsets.UTF_8);
        assertThat(event.name()).isEqualTo("transaction.applied");
        assertThat(event.id()).isEqualTo("ledger.transactions-2-17");
        assertThat(body).startsWith("{\"event\":\"transaction.applied\",\"data\":{");
        assertThat(body).contains("\"precise_amount\":" + HUGE + ",")
                .contains("\"amount\":1234567890123456789012345678901234567.89,")
                .contains("\"amount_string\":\"1234567890123456789012345678901234567.89\"");
        JsonNode data = JSON.readTree(body).get("data");
        assertThat(data.get("transaction_id").asString()).isEqualTo("txn_out");
        assertThat(data.get("status").asString()).isEqualTo("APPLIED");
        assertThat(data.get("reference").asString()).isEqualTo("pay-1_q");
        assertThat(data.get("meta_data").get("QUEUED_PARENT_TRANSACTION").asString()).isEqualTo("txn_queued");
        assertThat(data.get("created_at").asString()).isEqualTo("2026-12-04T06:00:00.123Z");
    }

    @Test
    void a_monitor_alert_is_balance_monitor_with_blnks_monitor_plus_the_transaction_and_the_exact_balance() {
        // given an alert of a monitor on balance >= 10.5 (precision 100) raised by a huge credit
        dev.ledgerline.wire.v1.BalanceMonitorAlert alert = dev.ledgerline.wire.v1.BalanceMonitorAlert.newBuilder()
                .setMonitor(new dev.ledgerline.wire.v1.BalanceMonitorSpec("mon_1", "bln_a", "balance", ">=", "10.5",
                        100L, "1050", false, "", 1_764_828_000_123L))
                .setObservedValue(HUGE).setTransactionId("txn_1").setEntryVersion(7L).setEntryKind("CREDIT")
                .setLedgerId("ldg_1").setCurrency("USD").setBalance(HUGE).setCreditBalance(HUGE).setDebitBalance("0")
                .setInflightBalance("0").setInflightCreditBalance("0").setInflightDebitBalance("0")
                .setFiredAtMs(1_764_828_000_123L).build();

        // when it becomes a webhook
        WebhookEvent event = WebhookEnvelopes.balanceMonitor("ledger.balance-alerts-1-3", alert);

        // then it is Blnk's balance.monitor with the monitor's fields, and the amounts are exact integers
        String body = new String(event.body(), StandardCharsets.UTF_8);
        assertThat(event.name()).isEqualTo("balance.monitor");
        assertThat(body).startsWith("{\"event\":\"balance.monitor\",\"data\":{\"monitor_id\":\"mon_1\"")
                .contains("\"condition\":{\"field\":\"balance\",\"operator\":\">=\",\"value\":10.5,"
                        + "\"precision\":100,\"precise_value\":1050}")
                .contains("\"observed_value\":" + HUGE + ",")
                .contains("\"balance\":{\"balance_id\":\"bln_a\",\"ledger_id\":\"ldg_1\",\"currency\":\"USD\","
                        + "\"balance\":" + HUGE + ",");
        JsonNode data = JSON.readTree(body).get("data");
        assertThat(data.get("transaction_id").asString()).isEqualTo("txn_1");
        assertThat(data.get("balance").get("version").asLong()).isEqualTo(7);
        assertThat(data.get("fire_on_every_update").asBoolean()).isFalse();
    }

    @Test
    void each_outcome_status_has_its_blnk_event_and_queued_and_scheduled_have_none() {
        assertThat(name("INFLIGHT")).contains("transaction.inflight");
        assertThat(name("VOID")).contains("transaction.void");
        assertThat(name("REJECTED")).contains("transaction.rejected");
        assertThat(name("QUEUED")).isEmpty();
        assertThat(name("SCHEDULED")).isEmpty();
    }

    @Test
    void a_rejected_record_carries_blnks_rejection_reason_and_keeps_meta_data_numbers_exact() {
        // given a REJECTED record whose client meta_data holds numbers a float64 would change
        TransactionRecord rejected = transaction("REJECTED")
                .setRejectionCode("INSUFFICIENT_FUNDS")
                .setRejectionMessage("insufficient funds in source balance")
                .setMetaDataJson("{\"order\":9007199254740993,\"rate\":0.10,\"big\":1e400}")
                .build();

        // when
        String body = new String(WebhookEnvelopes.transaction("id", rejected).orElseThrow().body(),
                StandardCharsets.UTF_8);

        // then the numbers are written as they came, and Blnk's reason is in meta_data
        assertThat(body).contains("\"order\":9007199254740993").contains("\"rate\":0.10")
                .contains("\"blnk_rejection_reason\":\"insufficient funds in source balance\"")
                .contains("\"QUEUED_PARENT_TRANSACTION\":\"txn_queued\"");
        JsonMapper exact = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        assertThat(exact.readTree(body).get("data").get("meta_data").get("big").decimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal("1e400"));
    }

    @Test
    void the_open_entry_of_a_balance_is_balance_created_and_later_entries_are_no_event() {
        // given a balance's OPEN entry and a later credit
        BalanceEntry open = entry(0, EntryKind.OPEN, "0").build();
        BalanceEntry credit = entry(1, EntryKind.CREDIT, HUGE).build();

        // when
        Optional<WebhookEvent> created = WebhookEnvelopes.balanceCreated("ledger.entries-0-3", open);

        // then only the OPEN entry is announced, with Blnk's balance object
        assertThat(WebhookEnvelopes.balanceCreated("ledger.entries-0-4", credit)).isEmpty();
        JsonNode data = JSON.readTree(created.orElseThrow().body()).get("data");
        assertThat(created.get().name()).isEqualTo("balance.created");
        assertThat(data.get("balance_id").asString()).isEqualTo("bln_1");
        assertThat(data.get("ledger_id").asString()).isEqualTo("ldg_1");
        assertThat(data.get("currency").asString()).isEqualTo("USD");
        assertThat(data.get("balance").isIntegralNumber()).isTrue();
        assertThat(data.get("version").asLong()).isZero();
        assertThat(data.get("meta_data").isObject()).isTrue();
    }

    @Test
    void a_ledger_record_is_ledger_created_and_empty_meta_data_is_an_object() {
        LedgerRecord ledger = LedgerRecord.newBuilder().setLedgerId("ldg_1").setName("Wallets").setMetaDataJson("")
                .setCreatedAtMs(1_796_364_000_000L).build();

        WebhookEvent event = WebhookEnvelopes.ledgerCreated("ledger.ledgers-1-0", ledger).orElseThrow();

        assertThat(new String(event.body(), StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"ledger.created\","
                + "\"data\":{\"ledger_id\":\"ldg_1\",\"name\":\"Wallets\",\"created_at\":\"2026-12-04T06:00:00Z\","
                + "\"meta_data\":{}}}");
        // and a later version of the same ledger (renamed, meta_data patched) is no event, as in Blnk
        assertThat(WebhookEnvelopes.ledgerCreated("ledger.ledgers-1-1", LedgerRecord.newBuilder(ledger)
                .setName("Renamed").setVersion(1L).build())).isEmpty();
    }

    @Test
    void an_identitys_first_record_is_identity_created_with_personal_fields_as_tokens_only() {
        // given an identity created with a sealed phone number and a clear city, and a later version of it
        dev.ledgerline.wire.v1.IdentityRecord created = dev.ledgerline.wire.v1.IdentityRecord.newBuilder()
                .setIdentityId("idt_1").setFields(java.util.Map.of("phone_number", "seal:k1:c2VhbGVkLXBob25l",
                        "city", "Lagos", "identity_type", "individual"))
                .setDobMs(null).setMetaDataJson("{\"kyc\":1}").setTokenizedFields(java.util.List.of())
                .setCreatedAtMs(1_796_364_000_000L).setUpdatedAtMs(1_796_364_000_000L).setVersion(0L)
                .setDeleted(false).build();

        // when it becomes a webhook
        WebhookEvent event = WebhookEnvelopes.identityCreated("ledger.identities-0-4", created).orElseThrow();

        // then it is identity.created, the phone shows as a token (never opened) and the other fields as they are
        JsonNode data = JSON.readTree(new String(event.body(), StandardCharsets.UTF_8)).get("data");
        assertThat(event.name()).isEqualTo("identity.created");
        assertThat(data.get("identity_id").asString()).isEqualTo("idt_1");
        assertThat(data.get("phone_number").asString()).startsWith("tok_").doesNotContain("seal:");
        assertThat(data.get("city").asString()).isEqualTo("Lagos");
        assertThat(data.get("meta_data").get("kyc").asInt()).isEqualTo(1);
        // and a later version is no event
        assertThat(WebhookEnvelopes.identityCreated("ledger.identities-0-5",
                dev.ledgerline.wire.v1.IdentityRecord.newBuilder(created).setVersion(1L).build())).isEmpty();
    }

    @Test
    void a_batch_outcome_is_bulk_transaction_with_blnks_data() {
        // given a bulk batch of 3 that went through, and an atomic one whose second item was rejected
        dev.ledgerline.wire.v1.BatchOutcomeRecord applied = new dev.ledgerline.wire.v1.BatchOutcomeRecord("bulk_1",
                "APPLIED", false, 3, 0, null, null, 1_796_364_000_123L);
        dev.ledgerline.wire.v1.BatchOutcomeRecord failed = new dev.ledgerline.wire.v1.BatchOutcomeRecord("bulk_2",
                "FAILED", true, 3, 2, "INSUFFICIENT_FUNDS", "transaction 2 of 3 was rejected: insufficient funds. "
                + "All transactions in this batch have been rejected.", 1_796_364_000_123L);

        // when they become webhooks
        WebhookEvent ok = WebhookEnvelopes.batchOutcome("ledger.batch-outcomes-0-1", applied);
        WebhookEvent bad = WebhookEnvelopes.batchOutcome("ledger.batch-outcomes-0-2", failed);

        // then Blnk's names and data: a count when it went through, the error when it failed
        assertThat(ok.name()).isEqualTo("bulk_transaction.applied");
        JsonNode okData = JSON.readTree(new String(ok.body(), StandardCharsets.UTF_8)).get("data");
        assertThat(okData.get("batch_id").asString()).isEqualTo("bulk_1");
        assertThat(okData.get("status").asString()).isEqualTo("applied");
        assertThat(okData.get("transaction_count").asInt()).isEqualTo(3);
        assertThat(okData.get("timestamp").asString()).isEqualTo("2026-12-04T06:00:00.123Z");
        assertThat(okData.has("error")).isFalse();
        assertThat(bad.name()).isEqualTo("bulk_transaction.failed");
        JsonNode badData = JSON.readTree(new String(bad.body(), StandardCharsets.UTF_8)).get("data");
        assertThat(badData.get("status").asString()).isEqualTo("failed");
        assertThat(badData.get("error").asString()).endsWith("All transactions in this batch have been rejected.");
        assertThat(badData.get("rejected_item").asInt()).isEqualTo(2);
        assertThat(badData.has("transaction_count")).isFalse();
    }

    private static Optional<String> name(String status) {
        return WebhookEnvelopes.transaction("id", transaction(status).build()).map(WebhookEvent::name);
    }

    private static TransactionRecord.Builder transaction(String status) {
        return TransactionRecord.newBuilder()
                .setTransactionId("txn_out").setParentTransaction("txn_queued").setReference("pay-1_q")
                .setSource("bln_a").setDestination("bln_b").setPreciseAmount("2500").setPrecision(100)
                .setCurrency("USD").setStatus(status).setCreatedAtMs(1_796_364_000_123L).setHash("ab".repeat(32));
    }

    private static BalanceEntry.Builder entry(long version, EntryKind kind, String balance) {
        return BalanceEntry.newBuilder()
                .setBalanceId("bln_1").setVersion(version).setKind(kind).setLedgerId("ldg_1").setCurrency("USD")
                .setAmount("0").setBalance(balance).setCreditBalance(balance).setDebitBalance("0")
                .setBalanceCreatedAtMs(1_796_364_000_000L).setRecordedAtMs(1_796_364_000_000L)
                .setEffectiveAtMs(1_796_364_000_000L).setPrevHash("0".repeat(64)).setHash("cd".repeat(32));
    }
}
