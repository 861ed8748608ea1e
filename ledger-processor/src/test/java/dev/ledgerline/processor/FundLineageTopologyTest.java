package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateIdentity;
import dev.ledgerline.wire.v1.ProviderFundsState;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * A balance that tracks fund lineage: its worker tags credits with their provider, shares debits out by the
 * balance's strategy, records the allocation on the debit, and sends Blnk's shadow transactions (credit:
 * provider's shadow → identity's aggregate; debit: aggregate → shadow) as ordinary transactions with derived
 * references, which move real {@code @…_lineage} balances.
 */
class FundLineageTopologyTest {

    private static final String IDENTITY = Ids.identityId(UUID.fromString("00000000-0000-4000-8000-00000000f00d"));
    private LedgerDriver ledger;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        // a tracked balance names an identity, which must exist
        ledger.ledgerCommand(IDENTITY, new CreateIdentity(IDENTITY, Map.of("first_name", "plain:Ada"), null, "{}", 1L));
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    @Test
    void givenCreditsFromTwoProviders_whenDebitedFifo_thenTheFirstProviderPaysFirstAndShadowsMove() {
        // given a FIFO-tracked balance credited by stripe then paypal
        String wallet = trackedBalance("FIFO");
        ledger.transfer("in-stripe", "@World", wallet, "1000", true, s -> s.setMetaDataJson(provider("stripe")));
        ledger.transfer("in-paypal", "@World", wallet, "500", true, s -> s.setMetaDataJson(provider("paypal")));

        // when 1200 leaves it
        ledger.transfer("out-1", wallet, "@Merchant", "1200", false);

        // then the debit's outcome names the allocation: stripe 1000, paypal 200
        TransactionRecord out = ledger.outcome("out-1");
        assertThat(out.getStatus()).isEqualTo("APPLIED");
        assertThat(out.getMetaDataJson()).contains(
                "\"BLNK_FUND_ALLOCATION\":[{\"provider\":\"stripe\",\"amount\":1000},{\"provider\":\"paypal\",\"amount\":200}]");
        // and the worker's own state keeps what each provider brought and what was spent
        BalanceState state = ledger.store().get(wallet);
        assertThat(state.getFundLineage().getProviders()).extracting(ProviderFundsState::getProvider,
                ProviderFundsState::getReceived, ProviderFundsState::getSpent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stripe", "1000", "1000"),
                        org.assertj.core.groups.Tuple.tuple("paypal", "500", "200"));
        // and the shadow transactions applied on the @…_lineage balances, as Blnk's do
        assertThat(ledger.outcome("in-stripe_shadow_stripe").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("out-1_release_stripe").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("out-1_release_paypal").getStatus()).isEqualTo("APPLIED");
        String stripeShadow = Ids.indicatorBalanceId("@stripe_" + IDENTITY + "_lineage", "USD");
        String paypalShadow = Ids.indicatorBalanceId("@paypal_" + IDENTITY + "_lineage", "USD");
        String aggregate = Ids.indicatorBalanceId("@" + IDENTITY + "_lineage", "USD");
        assertThat(debitOf(stripeShadow)).isEqualTo(1000);  // amount brought in
        assertThat(creditOf(stripeShadow)).isEqualTo(1000); // spent
        assertThat(debitOf(paypalShadow)).isEqualTo(500);
        assertThat(creditOf(paypalShadow)).isEqualTo(200);
        assertThat(ledger.balance(aggregate)).isEqualTo(BigInteger.valueOf(300));
        // and every entry of the tracked balance says so, for the read model
        assertThat(ledger.entries()).filteredOn(e -> e.getBalanceId().equals(wallet))
                .extracting(BalanceEntry::getAllocationStrategy).containsOnly("FIFO");
    }

    @Test
    void givenTwoProviders_whenDebitedLifoAndProportionally_thenEachStrategyShares() {
        String lifo = trackedBalance("LIFO");
        String proportional = trackedBalance("PROPORTIONAL");
        for (String wallet : new String[] {lifo, proportional}) {
            ledger.transfer("a-" + wallet, "@World", wallet, "1000", true, s -> s.setMetaDataJson(provider("stripe")));
            ledger.transfer("b-" + wallet, "@World", wallet, "500", true, s -> s.setMetaDataJson(provider("paypal")));
        }

        ledger.transfer("out-lifo", lifo, "@Merchant", "600", false);
        ledger.transfer("out-prop", proportional, "@Merchant", "300", false);

        assertThat(ledger.outcome("out-lifo").getMetaDataJson()).contains(
                "[{\"provider\":\"paypal\",\"amount\":500},{\"provider\":\"stripe\",\"amount\":100}]");
        assertThat(ledger.outcome("out-prop").getMetaDataJson()).contains(
                "[{\"provider\":\"stripe\",\"amount\":200},{\"provider\":\"paypal\",\"amount\":100}]");
    }

    @Test
    void givenAnUntrackedBalance_whenCreditedWithAProvider_thenNothingOfLineageHappens() {
        String plain = ledger.createBalance(ledger.createLedger("plain"), "USD");

        ledger.transfer("in-plain", "@World", plain, "1000", true, s -> s.setMetaDataJson(provider("stripe")));

        assertThat(ledger.store().get(plain).getFundLineage()).isNull();
        assertThat(ledger.transactions()).noneMatch(r -> r.getReference().contains("_shadow_"));
    }

    private String trackedBalance(String strategy) {
        String ledgerId = ledger.createLedger("lineage");
        String balanceId = Ids.balanceId(UUID.randomUUID());
        ledger.ledgerCommand(ledgerId, new CreateBalance(balanceId, ledgerId, "USD", null, IDENTITY, "{}", 1L, strategy));
        return balanceId;
    }

    private static String provider(String name) {
        return "{\"BLNK_LINEAGE_PROVIDER\":\"" + name + "\"}";
    }

    private long debitOf(String balanceId) {
        return Long.parseLong(ledger.store().get(balanceId).getDebitBalance());
    }

    private long creditOf(String balanceId) {
        return Long.parseLong(ledger.store().get(balanceId).getCreditBalance());
    }
}
