package dev.ledgerline.projection.hooks;

import java.util.Locale;

/**
 * What one call of a hook came to.
 *
 * @param detail the HTTP status ("500") or the failure's type ("ConnectException"); never the response body, which
 *               the endpoint controls, and never the URL
 */
public record HookAttempt(Outcome outcome, String detail) {

    public enum Outcome {
        /** Blnk's success rule held ({@link HookAnswer}). */
        SUCCEEDED,
        /** The endpoint answered, but not with success. */
        FAILED,
        /** No answer within the hook's {@code timeout}. */
        TIMED_OUT,
        /** No answer at all: connection refused or reset, unknown host, … */
        UNREACHABLE
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** The metric tag. */
    public String tag() {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
