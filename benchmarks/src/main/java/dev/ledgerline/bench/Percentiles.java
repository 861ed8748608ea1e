package dev.ledgerline.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of samples by the nearest-rank method: the p-th percentile is the smallest sample
 * such that at least p percent of all samples are less than or equal to it. Always an observed value,
 * never interpolated. Immutable; the input array is copied.
 */
public final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(long[] samples) {
        long[] copy = Arrays.copyOf(samples, samples.length);
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public int count() {
        return sorted.length;
    }

    /**
     * @param p percentile in [0, 100]; 0 gives the minimum, 100 the maximum
     * @throws IllegalStateException when there are no samples
     */
    public long percentile(double p) {
        if (p < 0 || p > 100 || Double.isNaN(p)) {
            throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);   // 1-based
        return sorted[Math.max(rank, 1) - 1];
    }

    public long max() {
        return percentile(100);
    }

    public long min() {
        return percentile(0);
    }

    /** p-th percentile of samples in nanoseconds, in milliseconds; NaN when there are no samples. */
    public double percentileMillis(double p) {
        return sorted.length == 0 ? Double.NaN : percentile(p) / 1_000_000.0;
    }
}
