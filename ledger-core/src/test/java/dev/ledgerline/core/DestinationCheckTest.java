package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;


/*
 * Goal: skipping the destination's hop never changes a decision. Method: a destination passes its check once
 * (existing, or an @indicator created by that check); for any later transfer that DestinationCheck routes
 * straight to the debit, the destination's own check would have passed too, creating nothing.
 */
class DestinationCheckTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String DST = "bln_dst";

    @Property
    void a_transfer_routed_past_the_destination_would_have_passed_its_check(
            @ForAll boolean destinationIsAnIndicator,
            @ForAll("currency") String destinationCurrency,
            @ForAll("currency") String transferCurrency,
            @ForAll @LongRange(min = -5, max = 5) long amount,
            @ForAll @IntRange(min = 0, max = 2) int sourceChoice) {
        // Given a destination that passed its check for its currency (so its task remembers that currency)
        Transfer first = transfer("bln_first_source", destinationIsAnIndicator ? "@Sink" : null, 10, destinationCurrency);
        Balance existing = destinationIsAnIndicator ? null : open(destinationCurrency);
        Decision.Applied passed = (Decision.Applied) BalanceDecisions.prepareCredit(existing, first, NOW);
        Balance destination = passed.balance();
        String remembered = first.currency();

        // When a later transfer (any amount, any currency, possibly from the destination itself) is routed
        String source = switch (sourceChoice) {
            case 0 -> "bln_src";
            case 1 -> "bln_other";
            default -> DST;
        };
        Transfer later = transfer(source, null, amount, transferCurrency);
        DestinationCheck.Route route = DestinationCheck.route(later, remembered);

        // Then straight to the debit only when the destination's own check passes without creating anything
        if (route == DestinationCheck.Route.DEBIT_NOW) {
            Decision decision = BalanceDecisions.prepareCredit(destination, later, NOW);
            assertThat(decision).isInstanceOf(Decision.Applied.class);
            assertThat(((Decision.Applied) decision).entries()).isEmpty();
        }
    }

    @Example
    void nothing_remembered_means_the_destination_decides_first() {
        assertThat(DestinationCheck.route(transfer("bln_src", null, 5, "USD"), null))
                .isEqualTo(DestinationCheck.Route.CHECK_DESTINATION_FIRST);
    }

    @Example
    void a_remembered_currency_routes_a_plain_transfer_to_the_debit() {
        assertThat(DestinationCheck.route(transfer("bln_src", null, 5, "USD"), "USD"))
                .isEqualTo(DestinationCheck.Route.DEBIT_NOW);
    }

    @Example
    void another_currency_a_zero_amount_or_the_same_balance_go_to_the_destination_for_its_refusal() {
        assertThat(DestinationCheck.route(transfer("bln_src", null, 5, "EUR"), "USD"))
                .isEqualTo(DestinationCheck.Route.CHECK_DESTINATION_FIRST);
        assertThat(DestinationCheck.route(transfer("bln_src", null, 0, "USD"), "USD"))
                .isEqualTo(DestinationCheck.Route.CHECK_DESTINATION_FIRST);
        assertThat(DestinationCheck.route(transfer(DST, null, 5, "USD"), "USD"))
                .isEqualTo(DestinationCheck.Route.CHECK_DESTINATION_FIRST);
    }

    @Provide
    Arbitrary<String> currency() {
        return Arbitraries.of("USD", "EUR", "NGN");
    }

    private static Transfer transfer(String source, String destinationIndicator, long amount, String currency) {
        return new Transfer("txn_1", source, DST, null, destinationIndicator, BigInteger.valueOf(amount), currency,
                false, BigInteger.ZERO, NOW);
    }

    private static Balance open(String currency) {
        return ((Decision.Applied) BalanceDecisions.open(null,
                new OpenBalance(DST, "ldg_1", currency, null, "", "{}", NOW))).balance();
    }
}
