package dev.ledgerline.projection.webhooks;

import java.time.Duration;

/**
 * When to try an event again, and when to give up and dead-letter it. Pure: the clock and the attempt history are
 * arguments.
 *
 * <p>Backoff is exponential: {@code initialBackoff × 2^(attempts − 1)}, capped at {@code maxBackoff}. Giving up
 * depends on why the attempts failed, so that a receiver that is down for hours loses nothing while one that
 * keeps refusing an event does not hold its partition for a day:
 * <ul>
 *   <li>{@link AttemptResult.Kind#REFUSED}: dead-lettered after {@code maxAttempts} attempts;</li>
 *   <li>{@link AttemptResult.Kind#UNAVAILABLE}: dead-lettered only when it has also been failing for longer than
 *       {@code unavailableWindow} since its first failed attempt; until then it is retried every
 *       {@code maxBackoff} at most, so the number of attempts stays bounded by about
 *       {@code maxAttempts + unavailableWindow / maxBackoff}.</li>
 * </ul>
 *
 * @param maxAttempts       attempts before a refused event is dead-lettered (and the least any event gets)
 * @param initialBackoff    wait after the first failed attempt
 * @param maxBackoff        longest wait between two attempts
 * @param unavailableWindow how long an event may fail because the receiver is unavailable before it is dead-lettered
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration unavailableWindow) {

    /** 10 attempts, 1 s doubling to 5 min, and 24 h for an unavailable receiver. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(24));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and the maximum at least the initial one");
        }
        if (unavailableWindow.isNegative()) {
            throw new IllegalArgumentException("the retry window cannot be negative");
        }
    }

    /** What to do after a failed attempt. */
    public sealed interface Decision {
    }

    /** Try again at {@code atMs} (epoch ms). */
    public record RetryAt(long atMs) implements Decision {
    }

    /** Give up: set the event aside into the webhook dead-letter topic. */
    public record DeadLetter(String why) implements Decision {
    }

    /**
     * @param attempts      attempts made so far, the failed one included (1 after the first)
     * @param last          the failed attempt's result
     * @param firstFailedMs when the event's first failed attempt ended
     * @param nowMs         now
     */
    public Decision afterFailure(int attempts, AttemptResult last, long firstFailedMs, long nowMs) {
        if (last.kind() == AttemptResult.Kind.DELIVERED) {
            throw new IllegalArgumentException("a delivered event needs no retry");
        }
        if (attempts >= maxAttempts) {
            if (last.kind() == AttemptResult.Kind.REFUSED) {
                return new DeadLetter("refused " + attempts + " times, last " + last.detail());
            }
            if (nowMs - firstFailedMs >= unavailableWindow.toMillis()) {
                return new DeadLetter("unavailable for " + Duration.ofMillis(nowMs - firstFailedMs).toMinutes()
                        + " min over " + attempts + " attempts, last " + last.detail());
            }
        }
        return new RetryAt(nowMs + backoff(attempts).toMillis());
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    public Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 40);
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        // stop doubling before it could overflow; the cap is reached long before
        long wait = initial;
        for (int i = 0; i < doublings && wait < max; i++) {
            wait *= 2;
        }
        return Duration.ofMillis(Math.min(wait, max));
    }
}
