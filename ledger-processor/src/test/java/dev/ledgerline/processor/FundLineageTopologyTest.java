package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateIdentity;
import dev.ledgerline.wire.v1.ProviderFundsState;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * A balance that tracks fund lineage: its worker tags credits with their provider, shares debits out by the
 * balance's strategy, records the allocation on the debit, and sends Blnk's shadow transactions (credit:
 * provider's shadow → identity's aggregate; debit: aggregate → shadow) as ordinary transactions with derived
 * references, which move real {@code @…_lineage} balances.
 */
class FundLineageTopologyTest {

    private static final String IDENTITY = Ids.identityId(UUID.fromString("00000000-0000-4000-8000-00000000f00d"));
    private static final String OTHER_IDENTITY = Ids.identityId(UUID.fromString("00000000-0000-4000-8000-00000000beef"));
    private LedgerDriver ledger;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        // a tracked balance names an identity, which must exist
        ledger.ledgerCommand(IDENTITY, new CreateIdentity(IDENTITY, Map.of("first_name", "plain:Ada"), null, "{}", 1L));
        ledger.ledgerCommand(OTHER_IDENTITY, new CreateIdentity(OTHER_IDENTITY, Map.of("first_name", "plain:Bo"), null,
                "{}", 1L));
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
    void givenAnInflightDebitFromATrackedBalance_whenHeldThenCommitted_thenTheSharesAreSetAsideThenMove() {
        // given a FIFO-tracked balance credited by stripe 1000 then paypal 500
        String wallet = stripeThenPaypal("FIFO");

        // when 1200 is held
        ledger.transfer("hold-1", wallet, "@Merchant", "1200", false, s -> s.setInflight(true));

        // then the INFLIGHT outcome shows the shares set aside, and nothing is released yet
        assertThat(ledger.outcome("hold-1").getStatus()).isEqualTo("INFLIGHT");
        assertThat(ledger.outcome("hold-1").getMetaDataJson()).contains(
                "\"BLNK_FUND_ALLOCATION\":[{\"provider\":\"stripe\",\"amount\":1000},{\"provider\":\"paypal\",\"amount\":200}]");
        assertThat(references()).noneMatch(r -> r.startsWith("hold-1_release_"));
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "0", "1000"),
                tuple("paypal", "500", "0", "200"));

        // and a settled debit meanwhile takes only what the hold did not set aside
        ledger.transfer("out-1", wallet, "@Merchant", "300", true);
        assertThat(ledger.outcome("out-1").getMetaDataJson()).contains(
                "[{\"provider\":\"paypal\",\"amount\":300}]");

        // when the hold is committed
        ledger.inflightAction("hold-1", "commit", null, false);

        // then the shares move under Blnk's names, and the hold is gone from the balance's lineage
        assertThat(ledger.outcome("hold-1_release_stripe").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("hold-1_release_stripe").getPreciseAmount()).isEqualTo("1000");
        assertThat(ledger.outcome("hold-1_release_paypal").getPreciseAmount()).isEqualTo("200");
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "1000", "0"),
                tuple("paypal", "500", "500", "0"));
        assertThat(ledger.store().get(wallet).getFundLineage().getHolds()).isEmpty();
        // and the commit's record says what it moved
        assertThat(ledger.byReference("hold-1_commit_1").getMetaDataJson()).contains(
                "\"BLNK_FUND_ALLOCATION\":[{\"provider\":\"stripe\",\"amount\":1000},{\"provider\":\"paypal\",\"amount\":200}]");
        assertThat(creditOf(shadow("stripe"))).isEqualTo(1000);
        assertThat(creditOf(shadow("paypal"))).isEqualTo(500);
    }

    @Test
    void givenAHeldDebit_whenCommittedInTwoPartsThenVoided_thenEachPartMovesItsShareAndTheRestIsGivenBack() {
        // given 600 held proportionally from stripe 1000, paypal 500: stripe 400, paypal 200 set aside
        String wallet = stripeThenPaypal("PROPORTIONAL");
        ledger.transfer("hold-2", wallet, "@Merchant", "600", false, s -> s.setInflight(true));

        // when 300 is committed, then 150, then the rest voided
        ledger.inflightAction("hold-2", "commit", "300", false);
        ledger.inflightAction("hold-2", "commit", "150", false);
        ledger.inflightAction("hold-2", "void", null, false);

        // then the first commit moves under Blnk's names, the second under its own commit's reference
        assertThat(ledger.outcome("hold-2_release_stripe").getPreciseAmount()).isEqualTo("200");
        assertThat(ledger.outcome("hold-2_release_paypal").getPreciseAmount()).isEqualTo("100");
        assertThat(ledger.outcome("hold-2_commit_2_release_stripe").getPreciseAmount()).isEqualTo("100");
        assertThat(ledger.outcome("hold-2_commit_2_release_paypal").getPreciseAmount()).isEqualTo("50");
        // and the void moved nothing: 450 spent, everything else available again
        assertThat(references()).filteredOn(r -> r.contains("_release_")).hasSize(8); // QUEUED and outcome of 4
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "300", "0"),
                tuple("paypal", "500", "150", "0"));
        assertThat(ledger.store().get(wallet).getFundLineage().getHolds()).isEmpty();
    }

    @Test
    void givenAHeldDebit_whenItExpires_thenItsSharesAreGivenBack() {
        // given 700 held FIFO, expiring in 5 s
        String wallet = stripeThenPaypal("FIFO");
        long expiry = LedgerDriver.START.toEpochMilli() + 5_000;
        ledger.transfer("hold-3", wallet, "@Merchant", "700", false,
                s -> s.setInflight(true).setInflightExpiryMs(expiry));
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "0", "700"),
                tuple("paypal", "500", "0", "0"));

        // when it expires
        ledger.advanceWallClock(Duration.ofSeconds(6));

        // then it is void, nothing was released and stripe's funds are available again
        assertThat(ledger.byReference("hold-3_void_1").getStatus()).isEqualTo("VOID");
        assertThat(references()).noneMatch(r -> r.startsWith("hold-3_release_"));
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "0", "0"),
                tuple("paypal", "500", "0", "0"));
    }

    @Test
    void givenAnInflightCreditTaggedWithAProvider_whenCommitted_thenTheProviderCountsOnlyThen() {
        String wallet = trackedBalance("FIFO");

        // when a tagged credit is held
        ledger.transfer("in-held", "@World", wallet, "800", true,
                s -> s.setInflight(true).setMetaDataJson(provider("stripe")));

        // then the provider has nothing yet
        assertThat(ledger.store().get(wallet).getFundLineage().getProviders()).isEmpty();
        assertThat(references()).noneMatch(r -> r.startsWith("in-held_shadow_"));

        // when it is committed
        ledger.inflightAction("in-held", "commit", null, false);

        // then the shadow credit is made and stripe brought 800
        assertThat(ledger.outcome("in-held_shadow_stripe").getPreciseAmount()).isEqualTo("800");
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "800", "0", "0"));
    }

    @Test
    void givenAnAtomicSplitFromATrackedBalance_whenTheGroupSettles_thenLineageMovesOnceAtSettlement() {
        // given a FIFO-tracked balance with stripe 1000, paypal 500, and two plain destinations
        String wallet = stripeThenPaypal("FIFO");
        String shop = ledger.createLedger("shop");
        String bob = ledger.createBalance(shop, "USD");
        String carol = ledger.createBalance(shop, "USD");

        // when an atomic split pays 900 to bob and 300 to carol
        split("split-1", wallet, List.of(bob, carol), List.of("900", "300"));

        // then each leg released its own shares when it was applied, under the leg's reference: both legs take from
        // stripe, and the one the source's worker decided second (the legs arrive in either order, as their
        // destinations' partitions answer) also takes paypal's 200 once stripe is spent
        assertThat(ledger.outcome("split-1_1").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("split-1_2").getStatus()).isEqualTo("APPLIED");
        assertThat(references()).filteredOn(r -> r.contains("_release_") && r.endsWith("_q"))
                .hasSize(3)
                .contains("split-1_1_release_stripe_q", "split-1_2_release_stripe_q")
                .containsAnyOf("split-1_1_release_paypal_q", "split-1_2_release_paypal_q");
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "1000", "0"),
                tuple("paypal", "500", "200", "0"));
        assertThat(ledger.store().get(wallet).getFundLineage().getHolds()).isEmpty();
    }

    @Test
    void givenAnAtomicBulkBatchThatAborts_whenATrackedBalancesLegWasHeld_thenNoLineageMoves() {
        // given a tracked wallet, and a poor balance that cannot pay its item
        String wallet = stripeThenPaypal("FIFO");
        String poor = ledger.fundedBalance("10");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String batch = Ids.bulkBatchId(UUID.randomUUID());
        List<TransactionSpec> items = List.of(
                TransactionGroups.bulkItem(LedgerDriver.spec(batch + "-a", wallet, bob, "700", false, s -> { }),
                        batch, 1, true, false),
                TransactionGroups.bulkItem(LedgerDriver.spec(batch + "-b", poor, bob, "500", false, s -> { }),
                        batch, 2, true, false));

        // when the atomic batch runs, and aborts on the second item
        ledger.startGroup(batch, TransactionGroups.BULK, "", true, false, items);

        // then the wallet's leg was released: no release, nothing spent, nothing set aside
        assertThat(ledger.outcome(batch + "-a").getRejectionCode()).isEqualTo("GROUP_ABORTED");
        assertThat(references()).noneMatch(r -> r.contains("_release_"));
        assertThat(providers(wallet)).containsExactly(tuple("stripe", "1000", "0", "0"),
                tuple("paypal", "500", "0", "0"));
        assertThat(ledger.store().get(wallet).getFundLineage().getHolds()).isEmpty();
    }

    @Test
    void givenTwoTrackedBalances_whenOnePaysTheOther_thenTheProvidersTravelAndTheTagIsNotCountedAgain() {
        // given a tracked sender (stripe 1000, paypal 500) and a tracked receiver of another identity
        String sender = stripeThenPaypal("FIFO");
        String receiver = trackedBalance("FIFO", OTHER_IDENTITY);

        // when the sender pays 1200, tagged paypal (which Blnk would also credit with the whole amount)
        ledger.transfer("p2p-1", sender, receiver, "1200", false, s -> s.setMetaDataJson(provider("paypal")));

        // then the receiver's lineage holds the sender's shares, received under Blnk's names
        assertThat(providers(receiver)).containsExactly(tuple("stripe", "1000", "0", "0"),
                tuple("paypal", "200", "0", "0"));
        assertThat(ledger.outcome("p2p-1_receive_stripe").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("p2p-1_receive_paypal").getPreciseAmount()).isEqualTo("200");
        assertThat(ledger.byReference("p2p-1_receive_stripe").getMetaDataJson())
                .contains("\"_lineage_type\":\"receive\"").contains("\"_from_balance\":\"" + sender + "\"");
        assertThat(references()).noneMatch(r -> r.startsWith("p2p-1_shadow_"));
        assertThat(debitOf(Ids.indicatorBalanceId("@stripe_" + OTHER_IDENTITY + "_lineage", "USD"))).isEqualTo(1000);
        assertThat(ledger.balance(Ids.indicatorBalanceId("@" + OTHER_IDENTITY + "_lineage", "USD")))
                .isEqualTo(BigInteger.valueOf(1200));

        // and when the receiver spends 1100, the providers it received pay (FIFO: stripe first)
        ledger.transfer("spend-1", receiver, "@Merchant", "1100", false);
        assertThat(ledger.outcome("spend-1").getMetaDataJson()).contains(
                "[{\"provider\":\"stripe\",\"amount\":1000},{\"provider\":\"paypal\",\"amount\":100}]");
    }

    @Test
    void givenTwoTrackedBalances_whenAHeldTransferBetweenThemIsCommitted_thenTheReceiverGetsTheProvidersAtCommit() {
        String sender = stripeThenPaypal("LIFO");
        String receiver = trackedBalance("FIFO", OTHER_IDENTITY);

        // when 600 is held (LIFO: paypal 500, stripe 100)
        ledger.transfer("p2p-held", sender, receiver, "600", false, s -> s.setInflight(true));

        // then the receiver has nothing yet
        assertThat(ledger.store().get(receiver).getFundLineage().getProviders()).isEmpty();

        // when it is committed
        ledger.inflightAction("p2p-held", "commit", null, false);

        // then the sender released and the receiver received the same shares
        assertThat(ledger.outcome("p2p-held_release_paypal").getPreciseAmount()).isEqualTo("500");
        assertThat(ledger.outcome("p2p-held_receive_paypal").getPreciseAmount()).isEqualTo("500");
        assertThat(ledger.outcome("p2p-held_receive_stripe").getPreciseAmount()).isEqualTo("100");
        assertThat(providers(receiver)).containsExactly(tuple("paypal", "500", "0", "0"),
                tuple("stripe", "100", "0", "0"));
    }

    @Test
    void givenAnUntrackedBalance_whenCreditedWithAProvider_thenNothingOfLineageHappens() {
        String plain = ledger.createBalance(ledger.createLedger("plain"), "USD");

        ledger.transfer("in-plain", "@World", plain, "1000", true, s -> s.setMetaDataJson(provider("stripe")));

        assertThat(ledger.store().get(plain).getFundLineage()).isNull();
        assertThat(ledger.transactions()).noneMatch(r -> r.getReference().contains("_shadow_"));
    }

    private String trackedBalance(String strategy) {
        return trackedBalance(strategy, IDENTITY);
    }

    private String trackedBalance(String strategy, String identity) {
        String ledgerId = ledger.createLedger("lineage");
        String balanceId = Ids.balanceId(UUID.randomUUID());
        ledger.ledgerCommand(ledgerId, new CreateBalance(balanceId, ledgerId, "USD", null, identity, "{}", 1L, strategy));
        return balanceId;
    }

    /** A tracked balance credited by stripe 1000, then paypal 500. */
    private String stripeThenPaypal(String strategy) {
        String wallet = trackedBalance(strategy);
        ledger.transfer("in-stripe-" + wallet, "@World", wallet, "1000", true, s -> s.setMetaDataJson(provider("stripe")));
        ledger.transfer("in-paypal-" + wallet, "@World", wallet, "500", true, s -> s.setMetaDataJson(provider("paypal")));
        return wallet;
    }

    private void split(String reference, String source, List<String> destinations, List<String> shares) {
        TransactionSpec parent = LedgerDriver.spec(reference, source, destinations.get(0), "0", false, s -> { });
        List<TransactionSpec> legs = TransactionGroups.splitLegs(parent, false,
                destinations.stream().map(d -> new TransactionGroups.End(d, d)).toList(),
                shares.stream().map(BigInteger::new).toList());
        ledger.startGroup(parent.getTransactionId(), TransactionGroups.SPLIT, reference, true, false, legs);
    }

    /** Each provider of the balance's own lineage: name, received, spent, reserved. */
    private List<Tuple> providers(String balanceId) {
        return ledger.store().get(balanceId).getFundLineage().getProviders().stream()
                .map(p -> tuple(p.getProvider(), p.getReceived(), p.getSpent(), p.getReserved())).toList();
    }

    private List<String> references() {
        return ledger.transactions().stream().map(TransactionRecord::getReference).toList();
    }

    private static String shadow(String provider) {
        return Ids.indicatorBalanceId("@" + provider + "_" + IDENTITY + "_lineage", "USD");
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
