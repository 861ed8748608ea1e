package dev.ledgerline.bench;

import java.util.random.RandomGenerator;

/**
 * Chooses the source and destination balance (by index) of each benchmark transfer. With a hot share of
 * {@code p} percent, the source is balance 0 in about {@code p} % of transfers, so one balance is debited
 * concurrently by many requests: the workload where row-lock ledgers queue behind a single lock. Outside that
 * share, the source is uniform over all balances. Source and destination always differ.
 *
 * <p>The PostgreSQL baseline (`dev/bench-baseline.sh`) draws its pairs by the same rule, so both sides of a
 * comparison run the same workload.
 */
public final class TransferPairs {

    /** The balance that takes the hot share of debits. */
    public static final int HOT = 0;

    private final int balances;
    private final int hotPercent;
    private final RandomGenerator random;

    public TransferPairs(int balances, int hotPercent, RandomGenerator random) {
        if (balances < 2) {
            throw new IllegalArgumentException("need at least 2 balances, got " + balances);
        }
        if (hotPercent < 0 || hotPercent > 100) {
            throw new IllegalArgumentException("hot share must be 0..100 percent, got " + hotPercent);
        }
        this.balances = balances;
        this.hotPercent = hotPercent;
        this.random = random;
    }

    /** The next pair as {@code [source, destination]}. */
    public int[] next() {
        int from = random.nextInt(100) < hotPercent ? HOT : random.nextInt(balances);
        int to = random.nextInt(balances - 1);
        if (to >= from) {
            to++;
        }
        return new int[] {from, to};
    }
}
