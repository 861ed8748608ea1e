package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.AccountRecord;
import dev.ledgerline.wire.v1.CreateAccount;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.Reply;

/**
 * An account is decided by two owners, never from the read model: the balance's worker (the balance exists and names
 * an identity; the account takes its ledger, identity and currency) and the owner of the account number (free, or
 * refused as a duplicate), which publishes it on ledger.accounts.
 */
class AccountTopologyTest {

    private LedgerDriver ledger;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    private String balanceNaming(String identityId) {
        ledger.ledgerCommand(identityId, new dev.ledgerline.wire.v1.CreateIdentity(identityId, java.util.Map.of(), null,
                "{}", 1L)); // a balance can only name an identity that exists
        String ledgerId = ledger.createLedger("accounts");
        String balanceId = Ids.balanceId(UUID.randomUUID());
        ledger.ledgerCommand(ledgerId, new CreateBalance(balanceId, ledgerId, "EUR", null, identityId, "{}", 1L, null));
        return balanceId;
    }

    private static AccountRecord account(String balanceId, String number) {
        return AccountRecord.newBuilder().setAccountId(Ids.accountId(UUID.randomUUID())).setName("").setNumber(number)
                .setBankName("Blnk Bank").setBalanceId(balanceId).setMetaDataJson("{}").setCreatedAtMs(5L).build();
    }

    private Reply create(AccountRecord account) {
        return ledger.reply(ledger.ledgerCommand(account.getBalanceId(), new CreateAccount(account)));
    }

    @Test
    void givenABalanceWithAnIdentity_whenAnAccountIsCreated_thenItTakesTheBalancesFactsAndIsPublished() {
        // given
        String balanceId = balanceNaming("idt_ada");

        // when
        Reply created = create(account(balanceId, "000000000001"));

        // then
        assertThat(created.getOk()).isTrue();
        AccountRecord account = created.getAccount();
        assertThat(account.getLedgerId()).startsWith("ldg_");
        assertThat(account.getIdentityId()).isEqualTo("idt_ada");
        assertThat(account.getCurrency()).isEqualTo("EUR");
        assertThat(ledger.newAccounts()).containsExactly(account);
    }

    @Test
    void givenANumberTaken_whenAnotherAccountAsksForIt_thenDuplicateAndNothingPublished() {
        // given
        String balanceId = balanceNaming("idt_ada");
        assertThat(create(account(balanceId, "000000000002")).getOk()).isTrue();
        ledger.newAccounts();

        // when
        Reply duplicate = create(account(balanceId, "000000000002"));

        // then
        assertThat(duplicate.getOk()).isFalse();
        assertThat(duplicate.getCode()).isEqualTo("ACCOUNT_NUMBER_TAKEN");
        assertThat(ledger.newAccounts()).isEmpty();
    }

    @Test
    void givenNoBalanceOrABalanceWithoutIdentity_whenAnAccountIsAsked_thenRefusedByTheWorker() {
        // given
        String missing = Ids.balanceId(UUID.randomUUID());
        String bare = balanceNaming("");

        // when
        Reply noBalance = create(account(missing, "000000000003"));
        Reply noIdentity = create(account(bare, "000000000004"));

        // then
        assertThat(noBalance.getCode()).isEqualTo("ACCOUNT_BALANCE_NOT_FOUND");
        assertThat(noBalance.getMessage()).isEqualTo("Balance with ID '" + missing + "' not found");
        assertThat(noIdentity.getCode()).isEqualTo("ACCOUNT_IDENTITY_NOT_FOUND");
        assertThat(ledger.newAccounts()).isEmpty();
    }
}
