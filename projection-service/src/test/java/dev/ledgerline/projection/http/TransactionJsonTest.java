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
}
