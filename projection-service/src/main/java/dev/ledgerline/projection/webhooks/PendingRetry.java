package dev.ledgerline.projection.webhooks;

/**
 * The event at the head of a partition that failed and waits for its next attempt. Kept in memory only: after a
 * restart the event is simply tried again from attempt 1 (its offset was never committed).
 *
 * @param offset        the event's record
 * @param attempts      attempts made so far
 * @param firstFailedMs when its first attempt failed
 * @param nextAttemptMs when to try again
 */
record PendingRetry(long offset, int attempts, long firstFailedMs, long nextAttemptMs) {
}
