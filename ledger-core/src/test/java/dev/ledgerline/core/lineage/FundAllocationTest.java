package dev.ledgerline.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

class FundAllocationTest {

    private static final List<ProviderFunds> STRIPE_THEN_PAYPAL = List.of(
            funds("stripe", 1000, 0), funds("paypal", 500, 0));

    @Test
    void fifoSpendsTheFirstProviderBeforeTheNext() {
        // Given stripe credited before paypal
        // When 1200 is debited FIFO
        List<Allocation> allocations = FundAllocation.allocate(STRIPE_THEN_PAYPAL, units(1200), AllocationStrategy.FIFO);
        // Then stripe is emptied and paypal pays the rest
        assertThat(allocations).containsExactly(allocation("stripe", 1000), allocation("paypal", 200));
    }

    @Test
    void lifoSpendsTheLastProviderFirst() {
        // Given / When 700 is debited LIFO
        List<Allocation> allocations = FundAllocation.allocate(STRIPE_THEN_PAYPAL, units(700), AllocationStrategy.LIFO);
        // Then paypal (last in) is emptied first
        assertThat(allocations).containsExactly(allocation("paypal", 500), allocation("stripe", 200));
    }

    @Test
    void proportionalSharesByWhatEachHasLeft() {
        // Given 1000 and 500 left / When 300 is debited proportionally
        List<Allocation> allocations = FundAllocation.allocate(STRIPE_THEN_PAYPAL, units(300),
                AllocationStrategy.PROPORTIONAL);
        // Then 2:1
        assertThat(allocations).containsExactly(allocation("stripe", 200), allocation("paypal", 100));
    }

    @Test
    void proportionalLeftOverUnitsGoOneEachInOrderOfFirstCredit() {
        // Given three providers with 1 each / When 2 is debited
        List<ProviderFunds> three = List.of(funds("a", 1, 0), funds("b", 1, 0), funds("c", 1, 0));
        // Then floor(2/3) = 0 each, and the two left-over units go to a then b
        assertThat(FundAllocation.allocate(three, units(2), AllocationStrategy.PROPORTIONAL))
                .containsExactly(allocation("a", 1), allocation("b", 1));
    }

    @Test
    void aDebitBeyondAllFundsAllocatesOnlyWhatThereIs() {
        // Given 1500 in all, 200 of stripe's already spent
        List<ProviderFunds> partlySpent = List.of(funds("stripe", 1000, 200), funds("paypal", 500, 0));
        // When 5000 is debited, by any strategy
        for (AllocationStrategy strategy : AllocationStrategy.values()) {
            // Then exactly the 1300 left is allocated
            assertThat(FundAllocation.allocate(partlySpent, units(5000), strategy).stream()
                    .map(Allocation::amount).reduce(BigInteger.ZERO, BigInteger::add)).isEqualTo(units(1300));
        }
    }

    @Test
    void emptyProvidersAndZeroDebitsAllocateNothing() {
        assertThat(FundAllocation.allocate(List.of(funds("x", 5, 5)), units(1), AllocationStrategy.FIFO)).isEmpty();
        assertThat(FundAllocation.allocate(STRIPE_THEN_PAYPAL, units(0), AllocationStrategy.LIFO)).isEmpty();
    }

    @Test
    void lineageKeepsProvidersInOrderOfFirstCreditAndSpendsWhatItAllocated() {
        // Given stripe 1000, paypal 500, then stripe again 100
        FundLineage lineage = FundLineage.start(AllocationStrategy.FIFO)
                .credit("stripe", units(1000)).credit("paypal", units(500)).credit("stripe", units(100));
        // When 1200 is debited
        FundLineage.Debit debit = lineage.debit(units(1200));
        // Then stripe (first) pays 1100, paypal 100, and both are marked spent
        assertThat(debit.allocations()).containsExactly(allocation("stripe", 1100), allocation("paypal", 100));
        assertThat(debit.after().providers()).containsExactly(funds("stripe", 1100, 1100), funds("paypal", 500, 100));
    }

    @Test
    void strategiesParseAsBlnkNormalisesThem() {
        assertThat(AllocationStrategy.parse(" lifo ")).contains(AllocationStrategy.LIFO);
        assertThat(AllocationStrategy.parse("")).contains(AllocationStrategy.FIFO);
        assertThat(AllocationStrategy.parse(null)).contains(AllocationStrategy.FIFO);
        assertThat(AllocationStrategy.parse("RANDOM")).isEmpty();
    }

    static ProviderFunds funds(String provider, long received, long spent) {
        return new ProviderFunds(provider, units(received), units(spent));
    }

    static Allocation allocation(String provider, long amount) {
        return new Allocation(provider, units(amount));
    }

    static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }
}
