package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.support.FakeLedgerProcessor;
import dev.ledgerline.gateway.web.TransactionRenderer;
import dev.ledgerline.wire.v1.TransactionRecord;

class TransactionRendererTest {

    @Test
    void aRejectedOutcomeShowsItsReasonAndItsQueuedParentInMetaData() {
        // Given a REJECTED _q record with client meta_data
        TransactionRecord record = TransactionRecord.newBuilder(FakeLedgerProcessor.record("txn_q", "txn_root", "ref_q", "REJECTED", "100"))
                .setRejectionCode("INSUFFICIENT_FUNDS").setRejectionMessage("insufficient funds in source balance")
                .setMetaDataJson("{\"order\":12345678901234567890}").build();

        // When rendered
        ObjectNode json = TransactionRenderer.render(record);

        // Then meta_data keeps the exact client value and adds Blnk's keys
        assertThat(json.get("meta_data").get("order").bigIntegerValue().toString()).isEqualTo("12345678901234567890");
        assertThat(json.get("meta_data").get("blnk_rejection_reason").stringValue()).isEqualTo("insufficient funds in source balance");
        assertThat(json.get("meta_data").get("QUEUED_PARENT_TRANSACTION").stringValue()).isEqualTo("txn_root");
    }

    @Test
    void theOverdraftLimitIsShownInMajorUnitsAndUnsetDatesFollowBlnk() {
        // Given a record with an overdraft limit of 12345 minor units at precision 100, no effective date
        TransactionRecord record = TransactionRecord.newBuilder(FakeLedgerProcessor.record("txn_1", "", "ref", "APPLIED", "1"))
                .setOverdraftLimit("12345").build();

        // When rendered
        ObjectNode json = TransactionRenderer.render(record);

        // Then 123.45, no effective_date, zero time for the unset deadlines, no QUEUED_PARENT_TRANSACTION
        assertThat(json.get("overdraft_limit").decimalValue()).isEqualByComparingTo("123.45");
        assertThat(json.has("effective_date")).isFalse();
        assertThat(json.get("scheduled_for").stringValue()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(json.get("inflight_expiry_date").stringValue()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(json.get("meta_data").has("QUEUED_PARENT_TRANSACTION")).isFalse();
        assertThat(json.propertyNames()).containsExactly("transaction_id", "parent_transaction", "precise_amount", "amount",
                "amount_string", "precision", "overdraft_limit", "source", "destination", "reference", "currency",
                "description", "status", "hash", "allow_overdraft", "inflight", "skip_queue", "atomic", "created_at",
                "scheduled_for", "inflight_expiry_date", "inflight_commit_date", "meta_data");
    }

    @Test
    void setDatesAreRfc3339Utc() {
        long at = Instant.parse("2030-01-02T03:04:05.120Z").toEpochMilli();
        TransactionRecord record = TransactionRecord.newBuilder(FakeLedgerProcessor.record("txn_s", "", "ref", "SCHEDULED", "1"))
                .setEffectiveDateMs(at).setScheduledForMs(at).setInflightCommitMs(at).build();

        ObjectNode json = TransactionRenderer.render(record);

        assertThat(json.get("effective_date").stringValue()).isEqualTo("2030-01-02T03:04:05.12Z");
        assertThat(json.get("scheduled_for").stringValue()).isEqualTo("2030-01-02T03:04:05.12Z");
        assertThat(json.get("inflight_commit_date").stringValue()).isEqualTo("2030-01-02T03:04:05.12Z");
        assertThat(json.get("meta_data").get("QUEUED_PARENT_TRANSACTION").stringValue()).isEqualTo("txn_s");
    }
}
