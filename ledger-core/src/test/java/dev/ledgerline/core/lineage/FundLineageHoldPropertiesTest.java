package dev.ledgerline.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/*
 * Goal: whatever credits, debits, holds, partial commits and voids a tracked balance sees, in any order, its
 * lineage stays consistent: each provider's reserved funds are exactly its shares in the open holds, nothing is spent
 * or reserved beyond what was received, a hold's commits never move more than it set aside nor more than they commit,
 * and once every hold is committed or voided nothing stays reserved.
 */
class FundLineageHoldPropertiesTest {

    /** One step: kind 0 credit, 1 debit, 2 hold, 3 commit part of a hold, 4 void a hold. */
    record Step(int kind, int provider, int hold, long amount) {
    }

    @Property(tries = 400)
    void reservedFundsAreExactlyTheOpenHoldsShares(@ForAll("steps") List<Step> steps, @ForAll AllocationStrategy strategy) {
        FundLineage lineage = FundLineage.start(strategy);
        Map<String, BigInteger> heldAtStart = new HashMap<>();
        Map<String, BigInteger> reservedAtStart = new HashMap<>();
        Map<String, BigInteger> movedSoFar = new HashMap<>();
        for (Step step : steps) {
            String hold = "txn_" + step.hold();
            BigInteger amount = BigInteger.valueOf(step.amount());
            switch (step.kind()) {
                case 0 -> lineage = lineage.credit("p" + step.provider(), amount);
                case 1 -> lineage = lineage.debit(amount).after();
                case 2 -> {
                    if (!lineage.holds(hold) && !heldAtStart.containsKey(hold)) {
                        FundLineage.Debit placed = lineage.hold(hold, amount);
                        heldAtStart.put(hold, amount);
                        reservedAtStart.put(hold, sum(placed.allocations()));
                        movedSoFar.put(hold, BigInteger.ZERO);
                        lineage = placed.after();
                    }
                }
                case 3 -> {
                    if (heldAtStart.containsKey(hold)) {
                        FundLineage.Debit commit = lineage.commit(hold, amount);
                        assertThat(sum(commit.allocations())).isLessThanOrEqualTo(amount);
                        movedSoFar.merge(hold, sum(commit.allocations()), BigInteger::add);
                        assertThat(movedSoFar.get(hold)).isLessThanOrEqualTo(reservedAtStart.get(hold));
                        lineage = commit.after();
                    }
                }
                default -> lineage = lineage.release(hold);
            }
            assertConsistent(lineage);
        }
        for (String hold : heldAtStart.keySet()) {
            lineage = lineage.release(hold);
        }
        assertThat(lineage.holds()).isEmpty();
        assertThat(lineage.providers()).allSatisfy(p -> assertThat(p.reserved()).isZero());
    }

    private static void assertConsistent(FundLineage lineage) {
        for (ProviderFunds provider : lineage.providers()) {
            BigInteger inHolds = lineage.holds().stream().flatMap(h -> h.shares().stream())
                    .filter(s -> s.provider().equals(provider.provider())).map(Allocation::amount)
                    .reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(provider.reserved()).isEqualTo(inHolds);
            assertThat(provider.available().signum()).isNotNegative();
        }
        for (LineageHold hold : lineage.holds()) {
            assertThat(hold.reserved()).isLessThanOrEqualTo(hold.held());
            assertThat(hold.shares()).allSatisfy(s -> assertThat(s.amount().signum()).isPositive());
        }
    }

    private static BigInteger sum(List<Allocation> allocations) {
        return allocations.stream().map(Allocation::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4), Arbitraries.longs().between(0, 2_000))
                .as(Step::new).list().ofMaxSize(40);
    }
}
