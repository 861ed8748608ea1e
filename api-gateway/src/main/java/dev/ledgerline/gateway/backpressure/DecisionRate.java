package dev.ledgerline.gateway.backpressure;

/**
 * How many transfers the processor decides per millisecond while it has work, from the end of
 * {@code ledger.transactions}: a transfer writes two records there (its QUEUED record and its outcome), so the
 * records added, halved, are the transfers decided (an approximation: exactly-once commit markers take offsets too,
 * and a commit or void of a hold writes one record). This is the rate a new command's wait depends on: the processor
 * may consume entry commands faster for a while (a bulk batch is consumed in one step and fans out into a thousand
 * legs), but it finishes transfers only this fast.
 *
 * <p>Counted only over time in which the processor was saturated (idle time would dilute it), and not over a
 * stop longer than {@link QueueWaitEstimator#STALL_MS} (a restart is the age limit's case). When nothing was decided
 * in the window, the last rate measured stands. Not thread-safe; one caller.
 */
final class DecisionRate {

    /** Records a transfer writes to ledger.transactions: QUEUED and its outcome. */
    static final double RECORDS_PER_TRANSFER = 2.0;

    private final BusyRate records;
    private double lastRatePerMs;
    private long recordsSincePrevious;

    DecisionRate(long windowMs) {
        this.records = new BusyRate(windowMs, (long) (QueueWaitEstimator.MIN_TRANSFERS_FOR_A_RATE * RECORDS_PER_TRANSFER));
    }

    /**
     * One measurement: the sum of {@code ledger.transactions}' end offsets at {@code nowMs}, and whether the processor
     * was saturated since the previous one. Returns transfers decided per saturated millisecond (0 when never measured).
     */
    double update(long decidedRecords, boolean saturated, long nowMs) {
        if (records.wentBack(decidedRecords)) {
            lastRatePerMs = 0; // the topic was recreated: what was measured no longer applies
        }
        recordsSincePrevious = records.update(decidedRecords, saturated, nowMs);
        double perMs = records.perMs();
        if (perMs > 0) {
            lastRatePerMs = perMs / RECORDS_PER_TRANSFER;
        }
        return lastRatePerMs;
    }

    /** Records added to ledger.transactions between the last two measurements (0 after the first, or a reset). */
    long recordsSincePrevious() {
        return recordsSincePrevious;
    }
}
