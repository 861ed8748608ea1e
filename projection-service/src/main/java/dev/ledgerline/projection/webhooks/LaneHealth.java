package dev.ledgerline.projection.webhooks;

import java.time.Duration;

/**
 * What a delivery lane reports about itself for {@code /health}: whether an event waits for a retry (since when)
 * and when it last dead-lettered one. Written by the lane's threads, read by request threads.
 */
public final class LaneHealth {

    private volatile long retryingSinceMs = -1;
    private volatile long lastDeadLetterMs = -1;

    /** The oldest event waiting for a retry first failed at {@code sinceMs}; -1 when none waits any more. */
    public void retryingSince(long sinceMs) {
        retryingSinceMs = sinceMs;
    }

    /** Nothing waits for a retry. */
    public void caughtUp() {
        retryingSinceMs = -1;
    }

    public void deadLettered(long atMs) {
        lastDeadLetterMs = atMs;
    }

    /** The lane's state now ({@link DeliveryState#of}). */
    public DeliveryState state(long nowMs, Duration deadLetterWindow) {
        return DeliveryState.of(retryingSinceMs, lastDeadLetterMs, nowMs, deadLetterWindow);
    }

    /** When the oldest waiting retry first failed, or -1. */
    public long retryingSinceMs() {
        return retryingSinceMs;
    }

    /** When the lane last dead-lettered an event, or -1. */
    public long lastDeadLetterMs() {
        return lastDeadLetterMs;
    }
}
