package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/*
 * Goal: ids that independent parties must agree on (transaction from reference, indicator balance
 * from indicator and currency) are deterministic and distinct, and indicators are recognised exactly.
 * Method: example tests over Ids' public functions.
 */
class IdsTest {

    @Test
    void the_same_reference_always_yields_the_same_transaction_id() {
        // Given one reference
        // When its id is derived twice
        // Then both ids are equal and carry the txn_ prefix
        String first = Ids.transactionIdForReference("ref-001");
        assertThat(Ids.transactionIdForReference("ref-001")).isEqualTo(first);
        assertThat(first).startsWith("txn_");
        assertThat(UUID.fromString(first.substring(4))).isNotNull();
    }

    @Test
    void different_references_yield_different_transaction_ids() {
        // Given two references that differ in one character, and in case
        // When / Then their ids differ
        assertThat(Ids.transactionIdForReference("ref-001")).isNotEqualTo(Ids.transactionIdForReference("ref-002"));
        assertThat(Ids.transactionIdForReference("ref")).isNotEqualTo(Ids.transactionIdForReference("REF"));
    }

    @Test
    void derived_ids_live_in_separate_namespaces() {
        // Given the same text used as a reference and as a transaction id
        String txn = Ids.transactionIdForReference("x");
        // When the outcome and duplicate-rejection ids are derived
        // Then none collides with another
        assertThat(Ids.outcomeTransactionId(txn)).isNotEqualTo(txn).startsWith("txn_");
        assertThat(Ids.duplicateRejectionId(txn, "req-1")).isNotEqualTo(Ids.outcomeTransactionId(txn))
                .isNotEqualTo(Ids.duplicateRejectionId(txn, "req-2"));
        assertThat(Ids.outcomeTransactionId(txn)).isEqualTo(Ids.outcomeTransactionId(txn));
    }

    @Test
    void random_ids_carry_their_prefixes() {
        // Given a random UUID
        UUID uuid = UUID.randomUUID();
        // When / Then ledger and balance ids are prefixed
        assertThat(Ids.ledgerId(uuid)).isEqualTo("ldg_" + uuid);
        assertThat(Ids.balanceId(uuid)).isEqualTo("bln_" + uuid);
    }

    @Test
    void an_at_name_without_whitespace_is_an_indicator() {
        // Given identifiers
        // When / Then only '@' followed by at least one non-whitespace-only name counts
        assertThat(Ids.isIndicator("@World")).isTrue();
        assertThat(Ids.isIndicator("@a")).isTrue();
        assertThat(Ids.isIndicator("@")).isFalse();
        assertThat(Ids.isIndicator("World")).isFalse();
        assertThat(Ids.isIndicator("@a b")).isFalse();
        assertThat(Ids.isIndicator("@World\t")).isFalse();
        assertThat(Ids.isIndicator("")).isFalse();
        assertThat(Ids.isIndicator(null)).isFalse();
        assertThat(Ids.isIndicator("bln_" + UUID.randomUUID())).isFalse();
    }

    @Test
    void an_indicator_balance_id_depends_on_indicator_and_currency() {
        // Given @World in USD and EUR, and @Bank in USD
        String worldUsd = Ids.indicatorBalanceId("@World", "USD");
        // When / Then the id is stable, prefixed, and differs per currency and per indicator
        assertThat(Ids.indicatorBalanceId("@World", "USD")).isEqualTo(worldUsd);
        assertThat(worldUsd).startsWith("bln_");
        assertThat(Ids.indicatorBalanceId("@World", "EUR")).isNotEqualTo(worldUsd);
        assertThat(Ids.indicatorBalanceId("@Bank", "USD")).isNotEqualTo(worldUsd);
    }
}
