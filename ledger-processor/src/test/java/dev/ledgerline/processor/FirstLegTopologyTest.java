package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.TransactionSpec;

/*
 * Goal: a transfer's destination is checked by its own writer the first time, and after that the source debits at
 * once (one hop and two records fewer), with the same outcome; every refusal the destination decides still comes
 * from the destination. Method: the real topology in a TopologyTestDriver (LedgerDriver), reading the legs written
 * to ledger.balance-commands and ledgerline_transfer_first_leg_total.
 */
class FirstLegTopologyTest {

    private LedgerDriver ledger;
    private String alice;
    private String bob;

    @BeforeEach
    void start() throws Exception {
        // these tests read the legs off their topic: none may be handed off locally
        ledger = new LedgerDriver(dev.ledgerline.schemas.TopicSetup.DEFAULT_PARTITIONS, false);
        alice = ledger.fundedBalance("1000");
        bob = ledger.createBalance(ledger.createLedger("bobs"), "USD");
        ledger.newBalanceCommands();
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    @Test
    void the_first_transfer_to_a_destination_checks_it_and_the_next_one_debits_at_once() {
        double checkedBefore = firstLegs("check_destination_first");
        double debitedBefore = firstLegs("debit_now");

        // When alice pays bob for the first time
        ledger.transfer("pay-1", alice, bob, "100", false);

        // Then the legs go source → destination (check) → source (debit) → destination (credit)
        assertThat(legs()).containsExactly(
                "StartAtSource@" + alice, "PrepareCredit@" + bob, "DebitLeg@" + alice, "CreditLeg@" + bob);
        assertThat(firstLegs("check_destination_first") - checkedBefore).isEqualTo(1.0);
        assertThat(ledger.outcome("pay-1").getStatus()).isEqualTo("APPLIED");

        // When she pays him again
        ledger.transfer("pay-2", alice, bob, "250", false);

        // Then her task already knows bob: straight to the debit, then the credit
        assertThat(legs()).containsExactly("StartAtSource@" + alice, "CreditLeg@" + bob);
        assertThat(firstLegs("debit_now") - debitedBefore).isEqualTo(1.0);
        assertThat(firstLegs("check_destination_first") - checkedBefore).isEqualTo(1.0);
        assertThat(ledger.outcome("pay-2").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("650"));
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("350"));
    }

    @Test
    void a_known_destination_still_refuses_what_only_it_decides_and_funds_are_still_checked_at_the_source() {
        // Given alice's task knows bob holds USD
        ledger.transfer("pay-1", alice, bob, "100", false);
        ledger.newBalanceCommands();

        // When she sends him euros, and then more dollars than she has
        ledger.transfer("pay-eur", alice, bob, "5", false, spec -> spec.setCurrency("EUR"));
        ledger.transfer("pay-too-much", alice, bob, "5000", false);

        // Then the euros go to bob for his refusal, and the overdraft is refused by alice without asking bob
        assertThat(ledger.outcome("pay-eur").getRejectionCode()).isEqualTo("DESTINATION_CURRENCY_MISMATCH");
        assertThat(ledger.outcome("pay-too-much").getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(legs()).containsExactly("StartAtSource@" + alice, "PrepareCredit@" + bob,
                "StartAtSource@" + alice);
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("900"));
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("100"));
    }

    @Test
    void a_transfer_whose_destination_is_checked_first_keeps_its_place_in_the_sources_order() {
        // Given alice's task knows bob but not carol, and alice holds 900
        ledger.transfer("pay-1", alice, bob, "100", false);
        String carol = ledger.createBalance(ledger.createLedger("carols"), "USD");

        // When one batch sends her 600 to carol, then 500 to bob (the items reach alice in that order)
        String[] references = referencesOnOneCoordinator(2);
        String batch = Ids.bulkBatchId(java.util.UUID.randomUUID());
        ledger.startGroup(batch, "bulk", "", false, false, List.of(
                item(batch, references[0], alice, carol, "600", 1), item(batch, references[1], alice, bob, "500", 2)));

        // Then carol's transfer, first to arrive, is paid although bob's was debited while carol was being checked,
        // and bob's is refused: 300 was left for it
        assertThat(ledger.outcome(references[0]).getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome(references[1]).getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("300"));
        assertThat(ledger.balance(carol)).isEqualTo(new BigInteger("600"));
        assertThat(ledger.store().get(alice).getReservedDebits()).as("nothing stays set aside").isNull();
    }

    @Test
    void a_destinations_refusal_frees_what_its_transfer_set_aside() {
        // Given alice holds 1000
        // When she sends 800 to a balance that does not exist
        ledger.transfer("pay-nobody", alice, "bln_00000000-0000-4000-8000-000000000000", "800", false);

        // Then the destination refuses it, the 800 is hers to spend again, and nothing stays set aside
        assertThat(ledger.outcome("pay-nobody").getRejectionCode()).isEqualTo("DESTINATION_NOT_FOUND");
        assertThat(ledger.store().get(alice).getReservedDebits()).isNull();
        ledger.transfer("pay-bob", alice, bob, "800", false);
        assertThat(ledger.outcome("pay-bob").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("200"));
    }

    @Test
    void a_refusal_the_source_decides_on_arrival_waits_for_the_destination_and_needs_no_hop_back() {
        // When alice sends more than she has to bob, whom her task has not seen
        ledger.transfer("pay-too-much", alice, bob, "5000", false);

        // Then bob, checked first, passes, and her refusal is the outcome without coming back to her
        assertThat(ledger.outcome("pay-too-much").getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(legs()).containsExactly("StartAtSource@" + alice, "PrepareCredit@" + bob);
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("1000"));

        // When she sends more than she has, in euros, to bob (his refusal comes first, as before)
        ledger.transfer("pay-eur", alice, bob, "5000", false, spec -> spec.setCurrency("EUR"));

        // Then the outcome is the destination's refusal
        assertThat(ledger.outcome("pay-eur").getRejectionCode()).isEqualTo("DESTINATION_CURRENCY_MISMATCH");
    }

    /** Client references whose transaction ids share a coordinator partition, so their items travel in order. */
    private static String[] referencesOnOneCoordinator(int count) {
        String[] references = new String[count];
        int found = 0;
        int wanted = -1;
        for (int n = 0; found < count; n++) {
            String reference = "ordered-" + n;
            int partition = CommandBatches.partitionOf(Ids.transactionIdForReference(reference),
                    TopicSetup.DEFAULT_PARTITIONS);
            if (wanted == -1) {
                wanted = partition;
            }
            if (partition == wanted) {
                references[found++] = reference;
            }
        }
        return references;
    }

    private static TransactionSpec item(String batch, String reference, String source, String destination,
                                        String amount, int index) {
        return TransactionGroups.bulkItem(LedgerDriver.spec(reference, source, destination, amount, false, spec -> { }),
                batch, index, false, false);
    }

    private List<String> legs() {
        return ledger.newBalanceCommands().stream().map(FirstLegTopologyTest::leg).toList();
    }

    private static String leg(KeyValue<String, BalanceCommand> record) {
        return record.value.getPayload().getClass().getSimpleName() + "@" + record.key;
    }

    private double firstLegs(String route) {
        return ledger.meters.get("ledgerline.transfer.first.leg").tag("route", route).counter().count();
    }
}
