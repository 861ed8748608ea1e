package dev.ledgerline.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an amount over Blnk distributions with exact integer arithmetic, in the caller's order
 * (Blnk iterates a Go map, so its leg order is random; ours is the request's order):
 * fixed amounts first, then percentages of the total (rounded down), then the rounding remainder
 * to the largest percentage share (the first on a tie), and {@code left} takes what remains.
 * The shares always sum exactly to the amount, or the split is refused.
 */
public final class Distributions {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Distributions() {
    }

    /**
     * The share of each distribution, in input order; zero shares are kept (the caller discards those legs).
     * Every distribution is checked whatever the amount (its form, at most one {@code left}, percentages within
     * 0-100% and not above 100% together, no negative amount); only then does an amount of at most one minor unit
     * go whole to the first distribution, as before.
     */
    public static List<BigInteger> split(BigInteger amount, long precision, List<Distribution> distributions) {
        if (distributions.isEmpty()) {
            throw invalid("at least one distribution is required");
        }
        List<Share> parsed = parseAll(distributions, precision);
        if (amount.compareTo(BigInteger.ONE) <= 0) {
            List<BigInteger> shares = new ArrayList<>();
            for (int i = 0; i < distributions.size(); i++) {
                shares.add(i == 0 ? amount : BigInteger.ZERO);
            }
            return shares;
        }
        BigInteger[] shares = new BigInteger[distributions.size()];
        BigDecimal percentTotal = BigDecimal.ZERO;
        BigInteger fixedTotal = BigInteger.ZERO;
        int leftIndex = -1;
        for (int i = 0; i < distributions.size(); i++) {
            Share share = parsed.get(i);
            if (share.left) {
                leftIndex = i;
            } else if (share.percent != null) {
                percentTotal = percentTotal.add(share.percent);
                shares[i] = new BigDecimal(amount).multiply(share.percent).divide(HUNDRED)
                        .setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            } else {
                fixedTotal = fixedTotal.add(share.fixed);
                shares[i] = share.fixed;
            }
        }
        BigDecimal exactClaimed = new BigDecimal(fixedTotal).add(new BigDecimal(amount).multiply(percentTotal).divide(HUNDRED));
        int exactVsAmount = exactClaimed.compareTo(new BigDecimal(amount));
        if (exactVsAmount > 0) {
            throw invalid("distributions add up to more than the amount");
        }
        if (leftIndex < 0 && exactVsAmount < 0) {
            throw invalid("distributions add up to less than the amount and none is \"left\"");
        }
        BigInteger assigned = BigInteger.ZERO;
        for (BigInteger share : shares) {
            assigned = share == null ? assigned : assigned.add(share);
        }
        BigInteger remainder = amount.subtract(assigned);
        if (leftIndex >= 0) {
            shares[leftIndex] = remainder;
        } else if (remainder.signum() > 0) {
            int largest = largestPercentShare(parsed, shares);
            shares[largest] = shares[largest].add(remainder);
        }
        return List.of(shares);
    }

    private static int largestPercentShare(List<Share> parsed, BigInteger[] shares) {
        int largest = -1;
        for (int i = 0; i < shares.length; i++) {
            if (parsed.get(i).percent != null
                    && (largest < 0 || shares[i].compareTo(shares[largest]) > 0)) {
                largest = i;
            }
        }
        if (largest < 0) {
            throw new LedgerInvariantViolation("a rounding remainder without any percentage share");
        }
        return largest;
    }

    private record Share(boolean left, BigDecimal percent, BigInteger fixed) {
    }

    /** Each distribution parsed and checked on its own and against the others, before any amount is shared. */
    private static List<Share> parseAll(List<Distribution> distributions, long precision) {
        List<Share> shares = new ArrayList<>(distributions.size());
        boolean left = false;
        BigDecimal percentTotal = BigDecimal.ZERO;
        for (Distribution d : distributions) {
            Share share = parse(d, precision);
            if (share.left && left) {
                throw invalid("only one distribution may be \"left\"");
            }
            left |= share.left;
            percentTotal = share.percent == null ? percentTotal : percentTotal.add(share.percent);
            shares.add(share);
        }
        if (percentTotal.compareTo(HUNDRED) > 0) {
            throw invalid("percentages add up to more than 100%");
        }
        return shares;
    }

    private static Share parse(Distribution d, long precision) {
        if (d.preciseDistribution() != null && !d.preciseDistribution().isBlank()) {
            BigInteger fixed = parseInteger(d.preciseDistribution());
            return new Share(false, null, fixed);
        }
        String text = d.distribution() == null ? "" : d.distribution().strip();
        if (text.equalsIgnoreCase("left")) {
            return new Share(true, null, null);
        }
        if (text.endsWith("%")) {
            BigDecimal percent = parseDecimal(text.substring(0, text.length() - 1).strip());
            if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
                throw invalid("a percentage must be between 0% and 100%");
            }
            return new Share(false, percent, null);
        }
        BigDecimal fixed = parseDecimal(text);
        if (fixed.signum() < 0) {
            throw invalid("a fixed distribution must not be negative");
        }
        try {
            return new Share(false, null, Amounts.toPrecise(fixed, precision));
        } catch (InvalidAmountException e) {
            throw invalid("distribution " + e.getMessage());
        }
    }

    /** {@code precise_distribution}: a whole, non-negative number of minor units, bounded like any amount. */
    private static BigInteger parseInteger(String text) {
        BigDecimal value;
        try {
            value = DecimalText.parse(text.strip());
        } catch (InvalidAmountException e) {
            throw invalid("precise_distribution " + e.getMessage());
        }
        if (value.signum() < 0) {
            throw invalid("precise_distribution must not be negative");
        }
        try {
            return value.toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            throw invalid("precise_distribution must be an integer");
        }
    }

    /** A percentage or fixed amount as written: ASCII digits only, bounded like any amount ({@link DecimalText}). */
    private static BigDecimal parseDecimal(String text) {
        try {
            return DecimalText.parse(text);
        } catch (InvalidAmountException e) {
            throw invalid("distribution must be \"NN%\", a fixed amount or \"left\" and " + e.getMessage());
        }
    }

    private static InvalidAmountException invalid(String message) {
        return new InvalidAmountException(RejectionReason.INVALID_DISTRIBUTION, message);
    }
}
