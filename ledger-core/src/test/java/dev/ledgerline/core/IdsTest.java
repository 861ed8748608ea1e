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

    @Test
    void every_derived_reference_takes_a_form_clients_may_not_send() {
        // Given an ordinary client reference
        String reference = "inv-2024-001";
        String txn = Ids.transactionIdForReference(reference);
        // When Ledgerline derives references from it / Then each is recognised as derived, with its form
        assertThat(Ids.derivedForm(reference)).isNull();
        assertThat(Ids.derivedForm(Ids.outcomeReference(reference))).isEqualTo(DerivedReference.OUTCOME);
        assertThat(Ids.derivedForm(Ids.refundReference(txn))).isEqualTo(DerivedReference.REFUND);
        assertThat(Ids.derivedForm(Ids.actionReference(reference, true, 12))).isEqualTo(DerivedReference.COMMIT);
        assertThat(Ids.derivedForm(Ids.actionReference(reference, false, 1))).isEqualTo(DerivedReference.VOID);
        assertThat(Ids.derivedForm(Ids.duplicateReference(reference, UUID.randomUUID().toString())))
                .isEqualTo(DerivedReference.DUPLICATE);
        // and so are fund lineage's shadow transactions, whatever the provider is called
        assertThat(Ids.derivedForm(dev.ledgerline.core.lineage.LineageNames.shadowCreditReference(reference, "stripe")))
                .isEqualTo(DerivedReference.LINEAGE_SHADOW);
        assertThat(Ids.derivedForm(dev.ledgerline.core.lineage.LineageNames.releaseReference(
                Ids.actionReference(reference, true, 2), "pay_pal"))).isEqualTo(DerivedReference.LINEAGE_RELEASE);
        assertThat(Ids.derivedForm(dev.ledgerline.core.lineage.LineageNames.receiveReference(reference, "x")))
                .isEqualTo(DerivedReference.LINEAGE_RECEIVE);
        // and so is every derivation of a derived reference (a refund's outcome, a split leg's commit)
        assertThat(Ids.derivedForm(Ids.outcomeReference(Ids.refundReference(txn)))).isEqualTo(DerivedReference.OUTCOME);
        assertThat(Ids.derivedForm(Ids.actionReference(Ids.splitLegReference(reference, 2, false), true, 1)))
                .isEqualTo(DerivedReference.COMMIT);
    }

    @Test
    void ordinary_references_including_split_leg_shapes_stay_free() {
        // Given references that merely resemble derived ones, and split-leg shapes (kept free on purpose)
        for (String free : new String[] {"q", "_q_", "inv_1", "inv-1", "payout_queue", "refund", "x_refunds",
                "x_commit_", "x_commit_1a", "x_void", "dup_x", "x_dup", "2024-01-31", "shadow_x", "x_shadow_",
                "x_release", "release_2024", "x_receive_"}) {
            // When / Then none is taken for a derived form
            assertThat(Ids.derivedForm(free)).as(free).isNull();
        }
    }
}
