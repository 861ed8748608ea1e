package dev.ledgerline.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Conversions between Blnk's display {@code amount} (major units) and exact {@code precise_amount}
 * (integer minor units of any size), following Blnk: {@code precise_amount = round(amount x precision)}
 * rounding half away from zero, {@code amount = precise_amount / precision} computed exactly.
 * Never a double on the money path: callers hand in the JSON number as a {@link BigDecimal}.
 */
public final class Amounts {

    /** Blnk refuses {@code amount} beyond 15 significant digits ("use precise_amount instead"). */
    public static final int AMOUNT_SIGNIFICANT_DIGITS_MAX = 15;
    /** The largest precision a request may set (10^18): keeps {@code amount x precision} small and fits a long. */
    public static final long PRECISION_MAX = 1_000_000_000_000_000_000L;
    /** Minor-unit amounts have at most this many digits (below 10^100): any size a ledger needs, bounded work. */
    public static final int PRECISE_DIGITS_MAX = DecimalText.MAX_INTEGER_DIGITS;
    private static final BigInteger PRECISE_LIMIT = BigInteger.TEN.pow(PRECISE_DIGITS_MAX);

    private Amounts() {
    }

    /**
     * Blnk treats a missing or zero precision as 1. A negative precision is invalid, and so is one above
     * {@link #PRECISION_MAX} (checked before anything is expanded, so {@code 1e999999999} costs nothing).
     */
    public static long normalisePrecision(BigDecimal precision) {
        if (precision == null || precision.signum() == 0) {
            return 1;
        }
        if (precision.signum() < 0) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION, "precision must not be negative");
        }
        if (precision.precision() - (long) precision.scale() > 19
                || precision.compareTo(BigDecimal.valueOf(PRECISION_MAX)) > 0) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION,
                    "precision must be at most " + PRECISION_MAX + " (10^18)");
        }
        try {
            return precision.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException notAnInteger) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION, "precision must be an integer");
        }
    }

    /** Refuses a minor-unit amount of more than {@link #PRECISE_DIGITS_MAX} digits. */
    public static BigInteger requirePreciseBounded(BigInteger precise) {
        if (precise.abs().compareTo(PRECISE_LIMIT) >= 0) {
            throw new InvalidAmountException(RejectionReason.MALFORMED_COMMAND,
                    "is out of bounds: at most " + PRECISE_DIGITS_MAX + " digits in minor units");
        }
        return precise;
    }

    /** {@code round(amount x precision)}, half away from zero; rejects negatives and over-long amounts. */
    public static BigInteger toPrecise(BigDecimal amount, long precision) {
        requirePrecision(precision);
        if (amount.signum() < 0) {
            throw new InvalidAmountException(RejectionReason.AMOUNT_MUST_BE_POSITIVE, "amount must not be negative");
        }
        DecimalText.requireBounded(amount);
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.signum() != 0 && stripped.precision() > AMOUNT_SIGNIFICANT_DIGITS_MAX) {
            throw new InvalidAmountException(RejectionReason.MALFORMED_COMMAND,
                    "amount has more than " + AMOUNT_SIGNIFICANT_DIGITS_MAX + " significant digits; use precise_amount instead");
        }
        // Bounded: at most 100 integer and 100 fraction digits times a long, so this expansion is cheap.
        return requirePreciseBounded(amount.multiply(BigDecimal.valueOf(precision))
                .setScale(0, RoundingMode.HALF_UP).toBigIntegerExact());
    }

    /** The exact major-unit value of {@code precise} minor units. */
    public static BigDecimal toMajor(BigInteger precise, long precision) {
        requirePrecision(precision);
        BigDecimal major = new BigDecimal(precise).divide(BigDecimal.valueOf(precision));
        return major.signum() == 0 ? BigDecimal.ZERO : major.stripTrailingZeros();
    }

    /** Blnk's {@code amount_string}: the exact decimal, without exponent. */
    public static String amountString(BigInteger precise, long precision) {
        return toMajor(precise, precision).toPlainString();
    }

    private static void requirePrecision(long precision) {
        if (precision <= 0) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION, "precision must be positive");
        }
        // Division by a power of ten or any positive integer whose only prime factors are 2 and 5
        // is exact; other precisions (e.g. 3) can make toMajor non-terminating, so they are refused.
        long p = precision;
        while (p % 10 == 0) {
            p /= 10;
        }
        while (p % 2 == 0) {
            p /= 2;
        }
        while (p % 5 == 0) {
            p /= 5;
        }
        if (p != 1) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION,
                    "precision must be a product of powers of 2 and 5 (e.g. 1, 100, 1000)");
        }
    }
}
