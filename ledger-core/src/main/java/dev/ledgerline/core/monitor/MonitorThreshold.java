package dev.ledgerline.core.monitor;

import java.math.BigDecimal;
import java.math.BigInteger;

import dev.ledgerline.core.Amounts;
import dev.ledgerline.core.DecimalText;

/**
 * A monitor's threshold: Blnk's {@code value} (major units) times {@code precision}, exactly. Blnk computes
 * {@code int64(value × precision)} in float64 and truncates (1.15 × 100 gives 114) and stores {@code value} as an
 * integer (10.5 fails); here {@code value} may be fractional and negative, the product is exact, and a value with
 * more decimals than the precision can hold is refused instead of truncated.
 *
 * @param value     the value as the client sent it, without trailing zeros (shown back as {@code condition.value})
 * @param precision a positive integer whose prime factors are 2 and 5 only, so that value = threshold / precision
 *                  is always an exact decimal
 * @param threshold {@code value × precision}, integer minor units of any size ({@code condition.precise_value})
 */
public record MonitorThreshold(BigDecimal value, long precision, BigInteger threshold) {

    /**
     * @throws InvalidMonitorException (field {@code condition.value} or {@code condition.precision}) when the
     *                                 precision is not a positive such integer, or {@code value × precision} is not an
     *                                 integer or has too many digits
     */
    public static MonitorThreshold of(BigDecimal value, BigDecimal precision) {
        long exactPrecision = precision(precision);
        BigDecimal bounded;
        try {
            bounded = DecimalText.requireBounded(value);
        } catch (IllegalArgumentException tooLong) {
            throw new InvalidMonitorException("condition.value", "value: " + tooLong.getMessage());
        }
        BigInteger threshold;
        try {
            threshold = bounded.multiply(BigDecimal.valueOf(exactPrecision)).toBigIntegerExact();
        } catch (ArithmeticException fractional) {
            throw new InvalidMonitorException("condition.value", "value: " + bounded.toPlainString()
                    + " has more decimal places than precision " + exactPrecision + " can hold (value × precision must"
                    + " be a whole number of minor units)");
        }
        try {
            Amounts.requirePreciseBounded(threshold);
        } catch (IllegalArgumentException tooLarge) {
            throw new InvalidMonitorException("condition.value", "value: " + tooLarge.getMessage());
        }
        return new MonitorThreshold(Amounts.toMajor(threshold, exactPrecision), exactPrecision, threshold);
    }

    /** The stored form read back: the threshold and precision it was created with. */
    public static MonitorThreshold ofStored(BigInteger threshold, long precision) {
        return new MonitorThreshold(Amounts.toMajor(threshold, precision), precision, threshold);
    }

    private static long precision(BigDecimal precision) {
        if (precision == null || precision.signum() <= 0) {
            throw new InvalidMonitorException("condition.precision", "precision: must be greater than zero");
        }
        long exact;
        try {
            exact = Amounts.normalisePrecision(precision);
            Amounts.toMajor(BigInteger.ONE, exact); // refuses a precision with a prime factor other than 2 and 5
        } catch (IllegalArgumentException invalid) {
            throw new InvalidMonitorException("condition.precision", "precision: " + invalid.getMessage());
        }
        return exact;
    }
}
