package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/*
 * Goal: client-written numbers are read exactly, in ASCII digits only, and anything too large is refused from its
 * written form before it is expanded (the attacks: 1e300000, "1" + 300,000 zeros, 1e999999999, "١٢٣", "１２３").
 * Method: examples for each attack and bound, and jqwik properties over arbitrary and number-shaped text.
 */
class DecimalTextTest {

    @Test
    void reads_plain_integers_decimals_and_exponents_exactly() {
        // Given well-formed numbers / When parsed / Then each equals what its text means
        assertThat(DecimalText.parse("1500")).isEqualByComparingTo("1500");
        assertThat(DecimalText.parse("-15.25")).isEqualByComparingTo("-15.25");
        assertThat(DecimalText.parse("+1.5e3")).isEqualByComparingTo("1500");
        assertThat(DecimalText.parse("2E-2")).isEqualByComparingTo("0.02");
        assertThat(DecimalText.parse("0e-999999999")).isEqualByComparingTo("0");
        assertThat(DecimalText.parse("000123.4500")).isEqualByComparingTo("123.45");
    }

    @Test
    void accepts_the_largest_bounded_values() {
        // Given 100 nines, a 1 with 99 zeros written as an exponent, and 10^-100
        String hundredNines = "9".repeat(100);
        // When / Then all are within the bounds
        assertThat(DecimalText.parse(hundredNines).toBigIntegerExact().toString()).isEqualTo(hundredNines);
        assertThat(DecimalText.parse("1e99").toBigIntegerExact().toString()).hasSize(100);
        assertThat(DecimalText.parse("1e-100")).isEqualByComparingTo(BigDecimal.ONE.movePointLeft(100));
    }

    @Test
    void refuses_huge_exponents_and_digit_strings_in_milliseconds() {
        // Given the reported attacks / When parsed / Then each is refused at once
        long started = System.nanoTime();
        for (String attack : new String[] {"1e300000", "1e999999999", "1e9999999999999", "1" + "0".repeat(300_000),
                "1e100", "9".repeat(101), "1e-101", "1" + "0".repeat(100), "0.0000000001e-95"}) {
            assertThatThrownBy(() -> DecimalText.parse(attack))
                    .as(attack.length() > 40 ? attack.substring(0, 40) + "..." : attack)
                    .isInstanceOf(InvalidAmountException.class)
                    .hasMessageContaining("out of bounds");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void refuses_non_ascii_digits_and_malformed_text() {
        // Given Arabic-Indic and full-width digits (which BigDecimal would accept) and malformed forms
        for (String text : new String[] {"١٢٣", "１２３", "12٣", "", " 1", "1 ", "1,5", "0x10", "1e", "e5", ".",
                "-", "+-1", "1e+-2", "NaN", "Infinity", "1.2.3", "1_000"}) {
            // When / Then each is refused as not a number
            assertThatThrownBy(() -> DecimalText.parse(text)).as("'%s'", text)
                    .isInstanceOf(InvalidAmountException.class)
                    .hasMessageContaining("ASCII digits");
        }
    }

    @Test
    void requireBounded_refuses_compact_but_huge_decimals() {
        // Given decimals small in memory but huge when expanded / When checked / Then refused
        assertThatThrownBy(() -> DecimalText.requireBounded(new BigDecimal("1e300000")))
                .isInstanceOf(InvalidAmountException.class);
        assertThatThrownBy(() -> DecimalText.requireBounded(new BigDecimal("1e-300000")))
                .isInstanceOf(InvalidAmountException.class);
        assertThat(DecimalText.requireBounded(new BigDecimal("12.50"))).isEqualByComparingTo("12.5");
    }

    @Property(tries = 2000)
    void any_text_is_either_its_exact_value_or_refused(@ForAll("anyText") String text) {
        // Given any text / When parsed / Then a bounded value equal to what the text means, or the refusal
        assertParsedExactlyOrRefused(text);
    }

    @Property(tries = 2000)
    void number_shaped_text_is_either_its_exact_value_or_refused(@ForAll("numberShaped") String text) {
        assertParsedExactlyOrRefused(text);
    }

    @Property(tries = 300)
    void in_bounds_values_round_trip(@ForAll("inBounds") BigDecimal value) {
        // Given a value with at most 100 significant digits, below 10^100 and no finer than 10^-100
        // When its plain and its scientific text are parsed / Then both give back the value
        assertThat(DecimalText.parse(value.toPlainString())).isEqualByComparingTo(value);
        assertThat(DecimalText.parse(value.toString())).isEqualByComparingTo(value);
    }

    private static void assertParsedExactlyOrRefused(String text) {
        long started = System.nanoTime();
        BigDecimal parsed;
        try {
            parsed = DecimalText.parse(text);
        } catch (InvalidAmountException refused) {
            assertThat(refused.reason()).isEqualTo(RejectionReason.MALFORMED_COMMAND);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            return;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        // Accepted text is ASCII-only and means exactly the parsed value (BigDecimal is the reference reader).
        assertThat(text.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(parsed).isEqualByComparingTo(new BigDecimal(text));
        BigDecimal stripped = parsed.stripTrailingZeros();
        if (stripped.signum() != 0) {
            assertThat(stripped.precision()).isLessThanOrEqualTo(DecimalText.MAX_SIGNIFICANT_DIGITS);
            assertThat(stripped.precision() - stripped.scale()).isLessThanOrEqualTo(DecimalText.MAX_INTEGER_DIGITS);
            assertThat(stripped.scale()).isLessThanOrEqualTo(DecimalText.MAX_FRACTION_DIGITS);
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(500);
    }

    @Provide
    Arbitrary<BigDecimal> inBounds() {
        Arbitrary<String> unscaled = Combinators.combine(Arbitraries.strings().withChars("123456789").ofLength(1),
                Arbitraries.strings().numeric().ofMaxLength(99)).as(String::concat);
        return unscaled.flatMap(digits -> Arbitraries.integers().between(digits.length() - 100, 100)
                .map(scale -> new BigDecimal(new BigInteger(digits), scale))
                .filter(v -> v.stripTrailingZeros().scale() <= 100));
    }

    /** Mostly valid-looking numbers: sign, digits (sometimes non-ASCII), point, exponent of any size. */
    @Provide
    Arbitrary<String> numberShaped() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> digits = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMaxLength(130),
                Arbitraries.strings().withChars("0123456789١٢３").ofMaxLength(6),
                Arbitraries.strings().withChars('0').ofMinLength(1).ofMaxLength(150).map(z -> "1" + z));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMaxLength(130).map(f -> "." + f));
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.longs().between(-3_000_000_000L, 3_000_000_000L).map(e -> "e" + e),
                Arbitraries.integers().between(-150, 150).map(e -> "E" + (e >= 0 ? "+" : "") + e));
        return Combinators.combine(sign, digits, fraction, exponent).as((s, d, f, e) -> s + d + f + e);
    }
}
