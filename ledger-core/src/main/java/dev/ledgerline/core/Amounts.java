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

    private Amounts() {
    }

    /** Blnk treats a missing or zero precision as 1. A negative precision is invalid. */
    public static long normalisePrecision(BigDecimal precision) {
        if (precision == null || precision.signum() == 0) {
            return 1;
        }
        if (precision.signum() < 0) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION, "precision must not be negative");
        }
        try {
            return precision.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException notAnInteger) {
            throw new InvalidAmountException(RejectionReason.INVALID_PRECISION, "precision must be an integer");
        }
    }

    /** {@code round(amount x precision)}, half away from zero; rejects negatives and over-long amounts. */
    public static BigInteger toPrecise(BigDecimal amount, long precision) {
        requirePrecision(precision);
        if (amount.signum() < 0) {
            throw new InvalidAmountException(RejectionReason.AMOUNT_MUST_BE_POSITIVE, "amount must not be negative");
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.signum() != 0 && stripped.precision() > AMOUNT_SIGNIFICANT_DIGITS_MAX) {
            throw new InvalidAmountException(RejectionReason.MALFORMED_COMMAND,
                    "amount has more than " + AMOUNT_SIGNIFICANT_DIGITS_MAX + " significant digits; use precise_amount instead");
        }
        return amount.multiply(BigDecimal.valueOf(precision)).setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
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
