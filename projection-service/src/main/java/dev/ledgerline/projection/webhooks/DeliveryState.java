package dev.ledgerline.projection.webhooks;

import java.time.Duration;
import java.util.Locale;

/**
 * How one delivery lane (the global webhook URL, a webhook subscription, a transaction hook) is doing, for
 * {@code /health}. Pure: the lane's history and the clock are arguments.
 * <ul>
 *   <li>{@link #DEAD_LETTERING}: the lane set an event aside into {@code ledger.webhook-dead-letters} within the
 *       last {@code deadLetterWindow} (its endpoint is missing events until someone redelivers them);</li>
 *   <li>{@link #RETRYING}: an event is waiting for another attempt (its endpoint failed and holds its
 *       partition);</li>
 *   <li>{@link #OK}: neither.</li>
 * </ul>
 */
public enum DeliveryState {
    OK, RETRYING, DEAD_LETTERING;

    /** How long a dead letter marks its lane, as {@code ledger.dead-letters} marks the projection. */
    public static final Duration DEAD_LETTER_WINDOW = Duration.ofHours(1);

    /**
     * @param retryingSinceMs  when the oldest event now waiting for a retry first failed, or -1 when none waits
     * @param lastDeadLetterMs when the lane last dead-lettered an event, or -1 when it never did (since start)
     */
    public static DeliveryState of(long retryingSinceMs, long lastDeadLetterMs, long nowMs, Duration deadLetterWindow) {
        if (lastDeadLetterMs >= 0 && nowMs - lastDeadLetterMs <= deadLetterWindow.toMillis()) {
            return DEAD_LETTERING;
        }
        return retryingSinceMs >= 0 ? RETRYING : OK;
    }

    /** The JSON word: {@code ok}, {@code retrying}, {@code dead_lettering}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
