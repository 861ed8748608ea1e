package dev.ledgerline.projection.webhooks;

/**
 * What one delivery attempt came to, as the retry policy sees it.
 *
 * @param kind   delivered, refused by the receiver, or the receiver was not available
 * @param detail the HTTP status ("503") or the failure's type ("ConnectException"); never a response body,
 *               which the receiver controls
 */
public record AttemptResult(Kind kind, String detail) {

    public enum Kind {
        /** Any 2xx, as Blnk. */
        DELIVERED,
        /**
         * The receiver answered and said no: 4xx other than 408 and 429, and 3xx (redirects are never followed:
         * the configured URL is the only place deliveries go). Retrying will not help until someone changes the
         * receiver or the configuration.
         */
        REFUSED,
        /** No usable answer: connection refused or reset, timeout, 5xx, 408, 429. The receiver may come back. */
        UNAVAILABLE
    }

    /** The policy for an HTTP status. */
    public static AttemptResult ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return new AttemptResult(Kind.DELIVERED, Integer.toString(status));
        }
        boolean unavailable = status >= 500 || status == 408 || status == 429 || status < 200;
        return new AttemptResult(unavailable ? Kind.UNAVAILABLE : Kind.REFUSED, Integer.toString(status));
    }

    /** A transport failure (no HTTP answer at all). */
    public static AttemptResult ofFailure(Throwable failure) {
        return new AttemptResult(Kind.UNAVAILABLE, failure.getClass().getSimpleName());
    }

    /** The metric tag of this outcome. */
    public String outcome() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
