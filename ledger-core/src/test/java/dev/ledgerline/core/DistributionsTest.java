package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Splits (Blnk's sources/destinations): exact integer shares, input order, always summing to the amount. */
class DistributionsTest {

    private static Distribution d(String distribution) {
        return new Distribution("@x", distribution, null);
    }

    private static List<BigInteger> split(long amount, Distribution... ds) {
        return Distributions.split(BigInteger.valueOf(amount), 100, List.of(ds));
    }

    @Test
    void fixedThenPercentThenLeft() {
        // given 100.00 split as 10.00 fixed, 50%, and the rest
        List<BigInteger> shares = split(10_000, d("10"), d("50%"), d("left"));

        // then
        assertThat(shares).containsExactly(BigInteger.valueOf(1_000), BigInteger.valueOf(5_000), BigInteger.valueOf(4_000));
    }

    @Test
    void givesTheRoundingRemainderToTheLargestPercentShare() {
        // 100 minor units in thirds: 33 + 33 + 33 = 99, one unit left over goes to the first largest share
        List<BigInteger> shares = split(100, d("33.333333333333333333%"), d("33.333333333333333333%"),
                d("33.333333333333333334%"));

        assertThat(shares.stream().reduce(BigInteger.ZERO, BigInteger::add)).isEqualTo(BigInteger.valueOf(100));
    }

    @Test
    void acceptsPreciseDistributionsInMinorUnits() {
        List<BigInteger> shares = Distributions.split(BigInteger.valueOf(1_000), 100,
                List.of(new Distribution("@a", null, "250"), new Distribution("@b", "left", null)));

        assertThat(shares).containsExactly(BigInteger.valueOf(250), BigInteger.valueOf(750));
    }

    @Test
    void refusesMoreThanTheAmount() {
        assertThatThrownBy(() -> split(1_000, d("8"), d("5")))
                .isInstanceOf(InvalidAmountException.class)
                .extracting(e -> ((InvalidAmountException) e).reason()).isEqualTo(RejectionReason.INVALID_DISTRIBUTION);
    }

    @Test
    void refusesLessThanTheAmountWithoutLeft() {
        assertThatThrownBy(() -> split(1_000, d("5"), d("40%"))).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void refusesOverOneHundredPercent() {
        assertThatThrownBy(() -> split(1_000, d("60%"), d("50%"))).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void refusesTwoLefts() {
        assertThatThrownBy(() -> split(1_000, d("left"), d("left"))).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void givesEverythingToTheFirstLegWhenTheAmountIsOneUnit() {
        assertThat(split(1, d("50%"), d("50%"))).containsExactly(BigInteger.ONE, BigInteger.ZERO);
    }

    @Test
    void validatesEveryDistributionEvenWhenTheAmountIsOneUnit() {
        // Given an amount of one minor unit (once split without looking at the distributions)
        // When the distributions are malformed / Then each split is refused as an invalid distribution
        List<List<Distribution>> hostile = List.of(
                List.of(d("abc"), d("left")),
                List.of(d("150%"), d("left")),
                List.of(d("left"), d("left")),
                List.of(d("60%"), d("60%")),
                List.of(new Distribution("@a", null, "-5"), d("left")),
                List.of(d("-1"), d("left")),
                List.of(d("١٠%"), d("left")));
        for (long amount : new long[] {0, 1, 1_000}) {
            for (List<Distribution> ds : hostile) {
                assertThatThrownBy(() -> Distributions.split(BigInteger.valueOf(amount), 100, ds))
                        .as("amount %d, %s", amount, ds)
                        .isInstanceOf(InvalidAmountException.class)
                        .extracting(e -> ((InvalidAmountException) e).reason())
                        .isEqualTo(RejectionReason.INVALID_DISTRIBUTION);
            }
        }
    }

    @Test
    void refusesHugeOrNonAsciiDistributionsBeforeExpandingThem() {
        // Given distributions that are cheap to write and expensive to expand, or written in non-ASCII digits
        long started = System.nanoTime();
        for (Distribution hostile : List.of(d("1e300000"), d("1e-999999999%"), d("1e999999999"),
                new Distribution("@a", null, "1e300000"), new Distribution("@a", null, "１２３"), d("１０"))) {
            // When split / Then refused at once
            assertThatThrownBy(() -> Distributions.split(BigInteger.valueOf(1_000), 100, List.of(hostile, d("left"))))
                    .as(hostile.toString())
                    .isInstanceOf(InvalidAmountException.class)
                    .extracting(e -> ((InvalidAmountException) e).reason())
                    .isEqualTo(RejectionReason.INVALID_DISTRIBUTION);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Property
    void percentSharesAlwaysSumExactlyToTheAmount(@ForAll @LongRange(min = 2, max = Long.MAX_VALUE) long amount,
                                                  @ForAll @IntRange(min = 1, max = 12) int parts) {
        // given equal percentages that add up to exactly 100%
        List<Distribution> ds = new ArrayList<>();
        java.math.BigDecimal each = java.math.BigDecimal.valueOf(100).divide(java.math.BigDecimal.valueOf(parts),
                30, java.math.RoundingMode.FLOOR);
        for (int i = 0; i < parts - 1; i++) {
            ds.add(d(each.toPlainString() + "%"));
        }
        ds.add(d("left"));

        // when
        List<BigInteger> shares = Distributions.split(BigInteger.valueOf(amount), 1, ds);

        // then
        assertThat(shares.stream().reduce(BigInteger.ZERO, BigInteger::add)).isEqualTo(BigInteger.valueOf(amount));
        assertThat(shares).allSatisfy(s -> assertThat(s.signum()).isNotNegative());
    }
}
