package dev.ledgerline.projection.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as Go's {@code time.Time} marshals them (RFC 3339 with nanoseconds, trailing zeros
 * trimmed, UTC {@code Z}): clients of Blnk compare these strings, including the zero time.
 */
public final class BlnkTime {

    /** Go's zero {@code time.Time}, which Blnk emits for every unset non-pointer time. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private BlnkTime() {
    }

    public static String format(Instant instant) {
        if (instant == null) {
            return ZERO;
        }
        StringBuilder text = new StringBuilder(SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        return text.append('Z').toString();
    }
}
