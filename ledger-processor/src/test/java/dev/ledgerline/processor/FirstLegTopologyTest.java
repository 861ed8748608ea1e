package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.wire.v1.BalanceCommand;

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
        ledger = new LedgerDriver();
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
