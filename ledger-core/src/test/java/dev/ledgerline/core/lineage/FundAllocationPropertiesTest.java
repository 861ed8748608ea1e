package dev.ledgerline.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/*
 * Goal: for any providers' funds, any amount and any strategy, an allocation is exact: it adds up to
 * min(amount, total available), never takes more than a provider has, lists each provider at most once with a
 * positive amount, and is the same every time. FIFO/LIFO empty providers strictly in their order.
 */
class FundAllocationPropertiesTest {

    @Property(tries = 500)
    void allocationsAreExactAndBounded(@ForAll("providers") List<ProviderFunds> providers,
                                       @ForAll("amounts") BigInteger amount,
                                       @ForAll AllocationStrategy strategy) {
        List<Allocation> allocations = FundAllocation.allocate(providers, amount, strategy);

        BigInteger total = providers.stream().map(ProviderFunds::available).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger allocated = allocations.stream().map(Allocation::amount).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(allocated).isEqualTo(amount.max(BigInteger.ZERO).min(total));
        Set<String> seen = new HashSet<>();
        for (Allocation allocation : allocations) {
            assertThat(seen.add(allocation.provider())).isTrue();
            assertThat(allocation.amount().signum()).isPositive();
            assertThat(allocation.amount()).isLessThanOrEqualTo(available(providers, allocation.provider()));
        }
        assertThat(FundAllocation.allocate(providers, amount, strategy)).isEqualTo(allocations);
    }

    @Property(tries = 300)
    void sequentialStrategiesEmptyEachProviderBeforeTheNext(@ForAll("providers") List<ProviderFunds> providers,
                                                            @ForAll("amounts") BigInteger amount) {
        List<Allocation> fifo = FundAllocation.allocate(providers, amount, AllocationStrategy.FIFO);
        for (int i = 0; i + 1 < fifo.size(); i++) {
            // every provider but the last one used is emptied
            assertThat(fifo.get(i).amount()).isEqualTo(available(providers, fifo.get(i).provider()));
        }
    }

    @Provide
    Arbitrary<List<ProviderFunds>> providers() {
        Arbitrary<long[]> pair = Arbitraries.longs().between(0, 1_000_000).array(long[].class).ofSize(2);
        return pair.list().ofMaxSize(6).map(pairs -> {
            List<ProviderFunds> providers = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                long a = pairs.get(i)[0];
                long b = pairs.get(i)[1];
                providers.add(new ProviderFunds("p" + i, BigInteger.valueOf(Math.max(a, b)),
                        BigInteger.valueOf(Math.min(a, b))));
            }
            return providers;
        });
    }

    @Provide
    Arbitrary<BigInteger> amounts() {
        return Arbitraries.bigIntegers().between(BigInteger.valueOf(-5), BigInteger.valueOf(7_000_000));
    }

    private static BigInteger available(List<ProviderFunds> providers, String provider) {
        return providers.stream().filter(p -> p.provider().equals(provider)).findFirst().orElseThrow().available();
    }
}
