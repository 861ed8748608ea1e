package dev.ledgerline.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one reader of client-written numbers (JSON number tokens and numeric strings alike). It checks the text
 * itself, before any value is expanded: {@code 1e300000} is one digit and an exponent, and expanding it to
 * 300,001 digits is exactly the work an attacker wants us to do. Only ASCII digits count (Java's
 * {@link BigDecimal} would also accept Arabic-Indic or full-width digits). The result is an exact
 * {@link BigDecimal} of bounded size, or an {@link InvalidAmountException}; nothing else is thrown, and the
 * work is linear in the (bounded) text length.
 * <p>
 * Bounds (generous for money in minor units, small enough that every later multiplication is cheap):
 * at most {@value #MAX_TEXT_LENGTH} characters, at most {@value #MAX_SIGNIFICANT_DIGITS} significant digits,
 * a magnitude below 10^{@value #MAX_INTEGER_DIGITS}, and no digit finer than 10^-{@value #MAX_FRACTION_DIGITS}.
 */
public final class DecimalText {

    public static final int MAX_TEXT_LENGTH = 400;
    public static final int MAX_SIGNIFICANT_DIGITS = 100;
    /** {@code |value| < 10^MAX_INTEGER_DIGITS}: at most this many digits before the decimal point. */
    public static final int MAX_INTEGER_DIGITS = 100;
    /** At most this many digits after the decimal point once trailing zeros are dropped. */
    public static final int MAX_FRACTION_DIGITS = 100;
    /** Exponents with more digits than this (leading zeros aside) are refused before they are read as a number. */
    private static final int MAX_EXPONENT_DIGITS = 9;

    private DecimalText() {
    }

    /**
     * {@code text} as an exact decimal: {@code [+-]digits[.digits][(e|E)[+-]digits]} with ASCII digits, at least one
     * digit in the mantissa ({@code "1."} and {@code ".5"} are accepted, as {@link BigDecimal} accepts them).
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw notANumber();
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw outOfBounds();
        }
        int at = 0;
        boolean negative = false;
        if (text.charAt(at) == '+' || text.charAt(at) == '-') {
            negative = text.charAt(at) == '-';
            at++;
        }
        int integerStart = at;
        at = skipDigits(text, at);
        int integerEnd = at;
        int fractionStart = at;
        int fractionEnd = at;
        if (at < text.length() && text.charAt(at) == '.') {
            fractionStart = at + 1;
            at = skipDigits(text, fractionStart);
            fractionEnd = at;
        }
        if (integerEnd == integerStart && fractionEnd == fractionStart) {
            throw notANumber();
        }
        long exponent = 0;
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            boolean negativeExponent = false;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                negativeExponent = text.charAt(at) == '-';
                at++;
            }
            int exponentStart = at;
            at = skipDigits(text, at);
            if (at == exponentStart) {
                throw notANumber();
            }
            exponent = exponentValue(text, exponentStart, at);
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (at != text.length()) {
            throw notANumber();
        }
        String digits = text.substring(integerStart, integerEnd) + text.substring(fractionStart, fractionEnd);
        return bounded(digits, exponent - (fractionEnd - fractionStart), negative);
    }

    /**
     * Refuses a decimal that {@link #parse} would have refused for its size. For values built elsewhere (they may
     * be tiny in memory and huge once expanded, e.g. {@code 1E+300000}); costs one pass over the unscaled digits.
     */
    public static BigDecimal requireBounded(BigDecimal value) {
        if (value.signum() == 0) {
            return value;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        long integerDigits = (long) stripped.precision() - stripped.scale();
        if (stripped.precision() > MAX_SIGNIFICANT_DIGITS || integerDigits > MAX_INTEGER_DIGITS
                || stripped.scale() > MAX_FRACTION_DIGITS) {
            throw outOfBounds();
        }
        return value;
    }

    /** {@code digits x 10^exponent}, checked against the bounds before the value is built. */
    private static BigDecimal bounded(String digits, long exponent, boolean negative) {
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        if (first == digits.length()) {
            return BigDecimal.ZERO;
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        int significant = end - first;
        long lastDigitExponent = exponent + (digits.length() - end);
        long integerDigits = significant + lastDigitExponent;
        if (significant > MAX_SIGNIFICANT_DIGITS || integerDigits > MAX_INTEGER_DIGITS
                || -lastDigitExponent > MAX_FRACTION_DIGITS) {
            throw outOfBounds();
        }
        BigInteger unscaled = new BigInteger(digits.substring(first, end));
        return new BigDecimal(negative ? unscaled.negate() : unscaled, (int) -lastDigitExponent);
    }

    private static int skipDigits(String text, int at) {
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    private static long exponentValue(String text, int start, int end) {
        while (start < end - 1 && text.charAt(start) == '0') {
            start++;
        }
        if (end - start > MAX_EXPONENT_DIGITS) {
            throw outOfBounds();
        }
        return Long.parseLong(text, start, end, 10);
    }

    private static InvalidAmountException notANumber() {
        return new InvalidAmountException(RejectionReason.MALFORMED_COMMAND,
                "must be a number written with ASCII digits (e.g. 1500, 15.00 or 1.5e3)");
    }

    private static InvalidAmountException outOfBounds() {
        return new InvalidAmountException(RejectionReason.MALFORMED_COMMAND,
                "is out of bounds: at most " + MAX_SIGNIFICANT_DIGITS + " significant digits, below 10^"
                        + MAX_INTEGER_DIGITS + ", at most " + MAX_FRACTION_DIGITS + " decimal places");
    }
}
