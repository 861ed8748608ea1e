package dev.ledgerline.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Holds on a tracked balance: placed like a debit, but only set aside until committed or given back. */
class FundLineageHoldTest {

    private static FundLineage stripeThenPaypal(AllocationStrategy strategy) {
        return FundLineage.start(strategy).credit("stripe", units(1000)).credit("paypal", units(500));
    }

    @Test
    void givenAHold_whenAnotherDebitComes_thenItCannotTakeWhatTheHoldSetAside() {
        // Given 800 held FIFO from stripe 1000, paypal 500
        FundLineage.Debit hold = stripeThenPaypal(AllocationStrategy.FIFO).hold("txn_a", units(800));
        assertThat(hold.allocations()).containsExactly(new Allocation("stripe", units(800)));

        // When 400 is debited
        FundLineage.Debit debit = hold.after().debit(units(400));

        // Then stripe's 200 left goes first, then paypal
        assertThat(debit.allocations()).containsExactly(new Allocation("stripe", units(200)),
                new Allocation("paypal", units(200)));
        assertThat(debit.after().providers()).extracting(ProviderFunds::reserved)
                .containsExactly(units(800), BigInteger.ZERO);
    }

    @Test
    void givenAHoldOverTwoProviders_whenCommittedInTwoParts_thenEachPartIsSharedByTheStrategy() {
        // Given 1200 held FIFO: stripe 1000, paypal 200
        FundLineage held = stripeThenPaypal(AllocationStrategy.FIFO).hold("txn_a", units(1200)).after();

        // When 1100 is committed, then the last 100
        FundLineage.Debit first = held.commit("txn_a", units(1100));
        FundLineage.Debit second = first.after().commit("txn_a", units(100));

        // Then the first commit empties stripe's share and takes 100 of paypal's, the second the rest
        assertThat(first.allocations()).containsExactly(new Allocation("stripe", units(1000)),
                new Allocation("paypal", units(100)));
        assertThat(second.allocations()).containsExactly(new Allocation("paypal", units(100)));
        // and nothing is held or reserved any more
        assertThat(second.after().holds()).isEmpty();
        assertThat(second.after().providers()).extracting(ProviderFunds::spent, ProviderFunds::reserved)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(units(1000), BigInteger.ZERO),
                        org.assertj.core.groups.Tuple.tuple(units(200), BigInteger.ZERO));
    }

    @Test
    void givenAPartlyCommittedHold_whenVoided_thenTheRestIsGivenBack() {
        // Given 600 held proportionally (stripe 400, paypal 200) and 300 of it committed
        FundLineage.Debit hold = stripeThenPaypal(AllocationStrategy.PROPORTIONAL).hold("txn_a", units(600));
        assertThat(hold.allocations()).containsExactly(new Allocation("stripe", units(400)),
                new Allocation("paypal", units(200)));
        FundLineage.Debit committed = hold.after().commit("txn_a", units(300));
        assertThat(committed.allocations()).containsExactly(new Allocation("stripe", units(200)),
                new Allocation("paypal", units(100)));

        // When the rest is voided
        FundLineage released = committed.after().release("txn_a");

        // Then only what was committed is spent, and everything else is available again
        assertThat(released.holds()).isEmpty();
        assertThat(released.providers()).extracting(ProviderFunds::provider, ProviderFunds::available)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stripe", units(800)),
                        org.assertj.core.groups.Tuple.tuple("paypal", units(400)));
    }

    @Test
    void givenAHoldBeyondAllFunds_whenFullyCommitted_thenOnlyTheProvidersSharesMoveAndTheHoldIsForgotten() {
        // Given 2000 held from 1500 of providers' funds
        FundLineage held = stripeThenPaypal(AllocationStrategy.LIFO).hold("txn_a", units(2000)).after();

        // When all 2000 is committed
        FundLineage.Debit commit = held.commit("txn_a", units(2000));

        // Then 1500 moves (paypal first, LIFO) and the 500 without a provider moves nothing
        assertThat(commit.allocations()).containsExactly(new Allocation("paypal", units(500)),
                new Allocation("stripe", units(1000)));
        assertThat(commit.after().holds()).isEmpty();
    }

    @Test
    void givenNoFunds_whenHeld_thenNoHoldIsKeptAndItsCommitMovesNothing() {
        FundLineage empty = FundLineage.start(AllocationStrategy.FIFO);

        FundLineage.Debit hold = empty.hold("txn_a", units(100));

        assertThat(hold.allocations()).isEmpty();
        assertThat(hold.after().holds()).isEmpty();
        assertThat(hold.after().commit("txn_a", units(100)).allocations()).isEmpty();
        assertThat(hold.after().release("txn_a")).isEqualTo(hold.after());
    }

    @Test
    void givenAnotherBalancesAllocation_whenReceived_thenEachProviderIsCredited() {
        FundLineage received = FundLineage.start(AllocationStrategy.FIFO).credit("paypal", units(5))
                .receive(List.of(new Allocation("stripe", units(70)), new Allocation("paypal", units(30))));

        assertThat(received.providers()).extracting(ProviderFunds::provider, ProviderFunds::received)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("paypal", units(35)),
                        org.assertj.core.groups.Tuple.tuple("stripe", units(70)));
    }

    private static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }
}
