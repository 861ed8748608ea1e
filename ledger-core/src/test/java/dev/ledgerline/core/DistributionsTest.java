package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
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
