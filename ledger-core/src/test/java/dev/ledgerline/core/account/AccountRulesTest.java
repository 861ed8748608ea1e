package dev.ledgerline.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.RejectionReason;

class AccountRulesTest {

    @Test
    void a_balance_alone_or_a_ledger_identity_and_currency_are_accepted() {
        // Given the two accepted shapes; When checked; Then nothing is wrong
        assertThat(AccountRules.problem("bln_1", "", "", "")).isEmpty();
        assertThat(AccountRules.problem("bln_1", "", "idt_1", "")).isEmpty();
        assertThat(AccountRules.problem("", "ldg_1", "idt_1", "USD")).isEmpty();
    }

    @Test
    void without_a_balance_every_missing_field_is_named_in_alphabetical_order() {
        // Given an empty body; When checked; Then Blnk's message lists the three fields
        assertThat(AccountRules.problem("", "", "", "")).contains(
                "currency: currency is required when Balance ID is not provided; "
                        + "identity_id: Identity ID is required when Balance ID is not provided; "
                        + "ledger_id: Ledger ID is required when Balance ID is not provided.");
    }

    @Test
    void a_balance_with_a_ledger_or_a_currency_is_refused() {
        // Given both shapes at once; When checked; Then each clashing field is named
        assertThat(AccountRules.problem("bln_1", "ldg_1", "", "USD")).contains(
                "currency: either Currency or BalanceId must be provided, not both; "
                        + "ledger_id: either LedgerId or BalanceId must be provided, not both.");
    }

    @Test
    void a_random_number_has_twelve_digits_and_the_mocked_bank_is_blnks() {
        // Given a seeded random source; When a number is drawn; Then it is twelve digits
        String number = AccountNumbers.random(new SplittableRandom(7));
        assertThat(number).matches("[0-9]{12}");
        assertThat(AccountNumbers.MOCKED_BANK_NAME).isEqualTo("Blnk Bank");
    }

    @Test
    void the_balance_must_exist_and_name_an_identity() {
        // Given the balance's facts; When the worker decides; Then missing things are 404 reasons
        assertThat(AccountDecisions.checkBalance(false, "")).contains(RejectionReason.ACCOUNT_BALANCE_NOT_FOUND);
        assertThat(AccountDecisions.checkBalance(true, "")).contains(RejectionReason.ACCOUNT_IDENTITY_NOT_FOUND);
        assertThat(AccountDecisions.checkBalance(true, "idt_1")).isEmpty();
    }

    @Test
    void a_number_belongs_to_one_account() {
        // Given a number free, held by the same account, or by another; When registering; Then the outcome follows
        assertThat(AccountDecisions.register(null, "acc_1")).isEqualTo(AccountDecisions.Registration.REGISTER);
        assertThat(AccountDecisions.register("acc_1", "acc_1"))
                .isEqualTo(AccountDecisions.Registration.ALREADY_REGISTERED);
        assertThat(AccountDecisions.register("acc_1", "acc_2")).isEqualTo(AccountDecisions.Registration.NUMBER_TAKEN);
    }

    @Test
    void an_account_without_a_name_is_named_after_its_identity() {
        // Given an organization and a person; When named; Then Blnk's rule applies
        assertThat(AccountNames.of("organization", "Acme Ltd", "", "")).isEqualTo("Acme Ltd");
        assertThat(AccountNames.of("individual", "", "Ada", "Lovelace")).isEqualTo("Ada Lovelace");
        assertThat(AccountNames.of("", "", "", "")).isEqualTo(" ");
    }
}
