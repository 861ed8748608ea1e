package dev.ledgerline.gateway.backpressure;

/**
 * Whether new transaction writes are refused, from the largest partition backlog and the age of the oldest waiting
 * record measured. Each measure trips at its limit and resets only below 90 % of it, so that a backlog hovering at a
 * limit does not flap every check; the gate is closed while either is tripped.
 */
public record BacklogGate(long largestBacklog, double oldestAgeSeconds, boolean depthTripped, boolean ageTripped) {

    /** What closed the gate; the label of {@code blnk_queue_backpressure_rejected_total{reason}}. */
    public enum Cause {
        NONE("none"), DEPTH("limit"), AGE("age");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final BacklogGate OPEN = new BacklogGate(0, 0, false, false);

    public boolean closed() {
        return depthTripped || ageTripped;
    }

    /** Depth first: it is Blnk's measure, the one clients know. */
    public Cause cause() {
        return depthTripped ? Cause.DEPTH : ageTripped ? Cause.AGE : Cause.NONE;
    }

    /** The gate after a depth-only measurement; a limit of 0 or less means no limit. */
    public BacklogGate next(long measuredLargestBacklog, long limit) {
        return next(measuredLargestBacklog, limit, 0, 0);
    }

    /**
     * The gate after a measurement of depth (records) and oldest age (seconds); a limit of 0 or less means no limit
     * on that measure.
     */
    public BacklogGate next(long measuredLargestBacklog, long depthLimit, double measuredOldestAgeSeconds,
                            double ageLimitSeconds) {
        return new BacklogGate(measuredLargestBacklog, measuredOldestAgeSeconds,
                trips(depthTripped, measuredLargestBacklog, depthLimit),
                trips(ageTripped, measuredOldestAgeSeconds, ageLimitSeconds));
    }

    private static boolean trips(boolean tripped, double measured, double limit) {
        if (limit <= 0) {
            return false;
        }
        return tripped ? measured >= limit - limit / 10 : measured >= limit;
    }
}
