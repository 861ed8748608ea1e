package dev.ledgerline.gateway.backpressure;

/**
 * Whether new transaction writes are refused, from the processor's largest partition backlog, the age of its oldest
 * waiting record, how long a new command would wait in its queues ({@link QueueWaitEstimator}), and how far the
 * projection (the read model) is behind. Each measure trips at its limit and resets
 * only below 90 % of it, so that a backlog hovering at a limit does not flap every check; the gate is closed while
 * any is tripped.
 */
public record BacklogGate(long largestBacklog, double oldestAgeSeconds, double estimatedWaitSeconds,
                          double projectionLagSeconds, boolean depthTripped, boolean ageTripped, boolean waitTripped,
                          boolean lagTripped) {

    /** What closed the gate; the label of {@code blnk_queue_backpressure_rejected_total{reason}}. */
    public enum Cause {
        NONE("none"), DEPTH("limit"), WAIT("wait"), AGE("age"), PROJECTION_LAG("projection_lag");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final BacklogGate OPEN = new BacklogGate(0, 0, 0, 0, false, false, false, false);

    public boolean closed() {
        return depthTripped || ageTripped || waitTripped || lagTripped;
    }

    /** Depth first: it is Blnk's measure, the one clients know; then the processor's wait, then its stalls. */
    public Cause cause() {
        return depthTripped ? Cause.DEPTH : waitTripped ? Cause.WAIT : ageTripped ? Cause.AGE
                : lagTripped ? Cause.PROJECTION_LAG : Cause.NONE;
    }

    /**
     * The gate after a measurement of depth (records) and oldest age (seconds); a limit of 0 or less means no limit
     * on that measure.
     */
    public BacklogGate next(long measuredLargestBacklog, long depthLimit, double measuredOldestAgeSeconds,
                            double ageLimitSeconds) {
        return new BacklogGate(measuredLargestBacklog, measuredOldestAgeSeconds, estimatedWaitSeconds,
                projectionLagSeconds, trips(depthTripped, measuredLargestBacklog, depthLimit),
                trips(ageTripped, measuredOldestAgeSeconds, ageLimitSeconds), waitTripped, lagTripped);
    }

    /**
     * The gate after an estimate of how long a command written now would wait in the processor's queues. A limit of 0
     * or less means no limit.
     */
    public BacklogGate withEstimatedWait(double estimatedSeconds, double limitSeconds) {
        return new BacklogGate(largestBacklog, oldestAgeSeconds, estimatedSeconds, projectionLagSeconds, depthTripped,
                ageTripped, trips(waitTripped, estimatedSeconds, limitSeconds), lagTripped);
    }

    /**
     * The gate after a measurement of the projection's lag: the age of the oldest event it has not written to the
     * read model yet. A limit of 0 or less means no limit.
     */
    public BacklogGate withProjectionLag(double measuredLagSeconds, double limitSeconds) {
        return new BacklogGate(largestBacklog, oldestAgeSeconds, estimatedWaitSeconds, measuredLagSeconds,
                depthTripped, ageTripped, waitTripped, trips(lagTripped, measuredLagSeconds, limitSeconds));
    }

    private static boolean trips(boolean tripped, double measured, double limit) {
        if (limit <= 0) {
            return false;
        }
        return tripped ? measured >= limit - limit / 10 : measured >= limit;
    }
}
