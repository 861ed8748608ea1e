package dev.ledgerline.projection.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class TransactionJsonTest {

    @Test
    void major_units_are_exact_for_decimal_precisions() {
        assertThat(TransactionJson.majorUnits(BigInteger.valueOf(1_000_000), 100).toPlainString()).isEqualTo("10000");
        assertThat(TransactionJson.majorUnits(BigInteger.valueOf(12_345), 100).toPlainString()).isEqualTo("123.45");
        assertThat(TransactionJson.majorUnits(BigInteger.ZERO, 100).toPlainString()).isEqualTo("0");
    }

    @Test
    void a_stored_precision_that_ledger_core_refuses_still_renders() {
        assertThat(TransactionJson.majorUnits(BigInteger.ONE, 3).toPlainString()).startsWith("0.3333333333");
        assertThat(TransactionJson.majorUnits(BigInteger.TEN, 0).toPlainString()).isEqualTo("10");
    }

    @Test
    void only_inflight_queued_and_scheduled_records_can_say_inflight() {
        assertThat(TransactionJson.inflight("INFLIGHT", false)).isTrue();
        assertThat(TransactionJson.inflight("QUEUED", true)).isTrue();
        assertThat(TransactionJson.inflight("QUEUED", false)).isFalse();
        assertThat(TransactionJson.inflight("SCHEDULED", true)).isTrue();
        assertThat(TransactionJson.inflight("APPLIED", true)).isFalse();
        assertThat(TransactionJson.inflight("VOID", true)).isFalse();
        assertThat(TransactionJson.inflight("REJECTED", true)).isFalse();
    }
}
