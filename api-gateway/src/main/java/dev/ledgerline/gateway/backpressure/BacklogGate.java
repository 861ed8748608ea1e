package dev.ledgerline.gateway.backpressure;

/**
 * Whether new transaction writes are refused, from the largest partition backlog measured. It closes at the limit
 * and opens again only below 90 % of it, so that a backlog hovering at the limit does not flap every check.
 */
public record BacklogGate(boolean closed, long largestBacklog) {

    public static final BacklogGate OPEN = new BacklogGate(false, 0);

    /** The gate after a measurement; a limit of 0 or less means no limit. */
    public BacklogGate next(long measuredLargestBacklog, long limit) {
        if (limit <= 0) {
            return new BacklogGate(false, measuredLargestBacklog);
        }
        boolean close = closed ? measuredLargestBacklog >= limit - limit / 10 : measuredLargestBacklog >= limit;
        return new BacklogGate(close, measuredLargestBacklog);
    }
}
