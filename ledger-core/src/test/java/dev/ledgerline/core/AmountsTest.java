package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/*
 * Goal: pin Blnk's amount <-> precise_amount rules (blnk-core.md 3.6) on the money path.
 * Method: example tests for each rule and edge (rounding half away from zero, the 15 significant
 * digits limit, precision normalisation, non-terminating precisions, huge values), plus jqwik
 * properties for the round trip over arbitrary non-negative minor-unit amounts.
 */
class AmountsTest {

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    @Test
    void a_major_amount_is_multiplied_by_the_precision_exactly_and_rounded_half_away_from_zero() {
        // Given 12.345 at precision 100 (1234.5 minor units)
        // When converted
        BigInteger precise = Amounts.toPrecise(dec("12.345"), 100);
        // Then the half is rounded away from zero
        assertThat(precise).isEqualTo(BigInteger.valueOf(1235));
    }

    @Test
    void half_a_minor_unit_rounds_up_to_one() {
        // Given 0.005 at precision 100 (exactly half a cent)
        // When / Then it becomes one cent, not zero (no banker's rounding)
        assertThat(Amounts.toPrecise(dec("0.005"), 100)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void a_value_that_is_inexact_in_binary_floating_point_converts_exactly() {
        // Given 0.29, which as a float64 times 100 is 28.999999999999996 (the Blnk float bug)
        // When converted from its decimal text
        // Then it is exactly 29 minor units
        assertThat(Amounts.toPrecise(dec("0.29"), 100)).isEqualTo(BigInteger.valueOf(29));
        assertThat(Amounts.toPrecise(dec("1.15"), 100)).isEqualTo(BigInteger.valueOf(115));
        assertThat(Amounts.toPrecise(dec("4.35"), 100)).isEqualTo(BigInteger.valueOf(435));
    }

    @Test
    void fifteen_significant_digits_are_accepted_and_sixteen_are_rejected() {
        // Given amounts with exactly 15 and 16 significant digits
        BigDecimal fifteen = dec("1234567890.12345");
        BigDecimal sixteen = dec("1234567890.123456");
        // When / Then 15 converts, 16 is refused with "use precise_amount"
        assertThat(Amounts.toPrecise(fifteen, 100000)).isEqualTo(new BigInteger("123456789012345"));
        assertThatThrownBy(() -> Amounts.toPrecise(sixteen, 1000000))
                .isInstanceOf(InvalidAmountException.class)
                .hasMessageContaining("precise_amount")
                .extracting(e -> ((InvalidAmountException) e).reason())
                .isEqualTo(RejectionReason.MALFORMED_COMMAND);
    }

    @Test
    void trailing_zeros_do_not_count_as_significant_digits() {
        // Given 1 written with 20 trailing zero decimals, and 10^30 written as an integer
        // When / Then both are accepted (they have one significant digit)
        assertThat(Amounts.toPrecise(dec("1.00000000000000000000"), 100)).isEqualTo(BigInteger.valueOf(100));
        assertThat(Amounts.toPrecise(dec("1000000000000000000000000000000"), 1))
                .isEqualTo(BigInteger.TEN.pow(30));
    }

    @Test
    void a_negative_amount_is_rejected() {
        // Given -0.01
        // When / Then it is refused as not positive
        assertThatThrownBy(() -> Amounts.toPrecise(dec("-0.01"), 100))
                .isInstanceOf(InvalidAmountException.class)
                .extracting(e -> ((InvalidAmountException) e).reason())
                .isEqualTo(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
    }

    @Test
    void a_missing_or_zero_precision_means_one() {
        // Given no precision, or precision 0 (as Blnk treats them)
        // When / Then the precision is 1
        assertThat(Amounts.normalisePrecision(null)).isEqualTo(1);
        assertThat(Amounts.normalisePrecision(BigDecimal.ZERO)).isEqualTo(1);
        assertThat(Amounts.normalisePrecision(dec("0.000"))).isEqualTo(1);
        assertThat(Amounts.normalisePrecision(dec("100"))).isEqualTo(100);
        assertThat(Amounts.normalisePrecision(dec("1E+2"))).isEqualTo(100);
        assertThat(Amounts.normalisePrecision(dec("100.00"))).isEqualTo(100);
    }

    @Test
    void a_non_integer_or_negative_precision_is_rejected() {
        // Given precisions 2.5 and -100
        // When / Then both are refused with INVALID_PRECISION
        assertThatThrownBy(() -> Amounts.normalisePrecision(dec("2.5")))
                .isInstanceOf(InvalidAmountException.class)
                .extracting(e -> ((InvalidAmountException) e).reason())
                .isEqualTo(RejectionReason.INVALID_PRECISION);
        assertThatThrownBy(() -> Amounts.normalisePrecision(dec("-100")))
                .isInstanceOf(InvalidAmountException.class)
                .extracting(e -> ((InvalidAmountException) e).reason())
                .isEqualTo(RejectionReason.INVALID_PRECISION);
    }

    @Test
    void a_precision_with_a_prime_factor_other_than_two_and_five_is_rejected() {
        // Given precision 3 (1/3 has no finite decimal expansion)
        // When / Then converting in either direction is refused with INVALID_PRECISION
        assertThatThrownBy(() -> Amounts.toMajor(BigInteger.ONE, 3))
                .isInstanceOf(InvalidAmountException.class)
                .extracting(e -> ((InvalidAmountException) e).reason())
                .isEqualTo(RejectionReason.INVALID_PRECISION);
        assertThatThrownBy(() -> Amounts.toPrecise(BigDecimal.ONE, 3))
                .isInstanceOf(InvalidAmountException.class)
                .extracting(e -> ((InvalidAmountException) e).reason())
                .isEqualTo(RejectionReason.INVALID_PRECISION);
        // and products of 2 and 5 are fine
        assertThat(Amounts.toMajor(BigInteger.ONE, 8)).isEqualByComparingTo("0.125");
        assertThat(Amounts.toMajor(BigInteger.ONE, 25)).isEqualByComparingTo("0.04");
    }

    @Test
    void a_zero_or_negative_precision_is_rejected_by_the_conversions() {
        // Given precision 0 and -1 passed directly (not normalised)
        // When / Then both conversions refuse them
        assertThatThrownBy(() -> Amounts.toPrecise(BigDecimal.ONE, 0)).isInstanceOf(InvalidAmountException.class);
        assertThatThrownBy(() -> Amounts.toMajor(BigInteger.ONE, -1)).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void major_amount_and_amount_string_are_exact_for_huge_values() {
        // Given 10^40 + 1 minor units at precision 100
        BigInteger huge = BigInteger.TEN.pow(40).add(BigInteger.ONE);
        // When converted to major units and to Blnk's amount_string
        BigDecimal major = Amounts.toMajor(huge, 100);
        String text = Amounts.amountString(huge, 100);
        // Then no digit is lost and there is no exponent
        assertThat(text).isEqualTo("1" + "0".repeat(37) + "0.01");
        assertThat(major.movePointRight(2).toBigIntegerExact()).isEqualTo(huge);
        assertThat(Amounts.amountString(BigInteger.TEN.pow(40), 100)).isEqualTo("1" + "0".repeat(38));
        assertThat(Amounts.amountString(BigInteger.ZERO, 100)).isEqualTo("0");
        assertThat(Amounts.amountString(BigInteger.valueOf(5), 100)).isEqualTo("0.05");
    }

    @Property(tries = 500)
    void amounts_of_at_most_fifteen_digits_round_trip_exactly(
            @ForAll("upToFifteenDigits") BigInteger minor, @ForAll("precisions") long precision) {
        // Given x minor units with at most 15 digits and a supported precision
        // When converted to major units and back
        BigInteger back = Amounts.toPrecise(Amounts.toMajor(minor, precision), precision);
        // Then the value is unchanged
        assertThat(back).isEqualTo(minor);
    }

    @Property(tries = 500)
    void any_non_negative_amount_round_trips_or_is_refused_for_its_significant_digits(
            @ForAll("anyMinor") BigInteger minor, @ForAll("precisions") long precision) {
        // Given any x >= 0 minor units (including numbers far beyond 64 bits)
        BigDecimal major = Amounts.toMajor(minor, precision);
        boolean tooLong = major.signum() != 0 && major.stripTrailingZeros().precision() > 15;
        // When converted back
        // Then it is exact, unless the major amount has over 15 significant digits (Blnk's rule), which is refused
        if (tooLong) {
            assertThatThrownBy(() -> Amounts.toPrecise(major, precision))
                    .isInstanceOf(InvalidAmountException.class);
        } else {
            assertThat(Amounts.toPrecise(major, precision)).isEqualTo(minor);
        }
        // and amount_string always carries every digit
        assertThat(new BigDecimal(Amounts.amountString(minor, precision)).multiply(BigDecimal.valueOf(precision))
                .toBigIntegerExact()).isEqualTo(minor);
    }

    @Provide
    Arbitrary<Long> precisions() {
        return Arbitraries.of(1L, 10L, 100L, 1000L, 100_000_000L);
    }

    @Provide
    Arbitrary<BigInteger> upToFifteenDigits() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, new BigInteger("999999999999999"));
    }

    @Provide
    Arbitrary<BigInteger> anyMinor() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1_000_000)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(60)),
                // round numbers with few significant digits but huge magnitude
                Arbitraries.integers().between(0, 60).flatMap(exp -> Arbitraries.integers().between(1, 999)
                        .map(m -> BigInteger.valueOf(m).multiply(BigInteger.TEN.pow(exp)))));
    }

    @Test
    void refusesPrecisionsAboveTenToTheEighteenWithoutExpandingThem() {
        // Given precisions beyond the documented maximum, one of them a billion digits long once expanded
        for (String precision : new String[] {"1e999999999", "1e19", "1000000000000000001"}) {
            // When normalised / Then refused with Blnk's precision code
            assertThatThrownBy(() -> Amounts.normalisePrecision(new BigDecimal(precision)))
                    .as(precision).isInstanceOf(InvalidAmountException.class)
                    .extracting(e -> ((InvalidAmountException) e).reason()).isEqualTo(RejectionReason.INVALID_PRECISION);
        }
        assertThat(Amounts.normalisePrecision(new BigDecimal("1e18")))
                .isEqualTo(Amounts.PRECISION_MAX);
    }

    @Test
    void refusesMinorUnitAmountsBeyondOneHundredDigits() {
        // Given an amount of 1e99 major units at precision 100 (101 digits in minor units), and a compact 1e300000
        // When converted / Then refused; 1e97 at precision 100 (100 digits) is accepted
        assertThatThrownBy(() -> Amounts.toPrecise(new BigDecimal("1e99"), 100))
                .isInstanceOf(InvalidAmountException.class);
        assertThatThrownBy(() -> Amounts.toPrecise(new BigDecimal("1e300000"), 1))
                .isInstanceOf(InvalidAmountException.class);
        assertThat(Amounts.toPrecise(new BigDecimal("1e97"), 100).toString())
                .hasSize(100);
    }
}
