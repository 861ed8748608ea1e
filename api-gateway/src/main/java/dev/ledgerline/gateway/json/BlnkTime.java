package dev.ledgerline.gateway.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Blnk (Go {@code time.Time}) writes them: RFC 3339 in UTC, fractional seconds with
 * trailing zeros trimmed, and {@code 0001-01-01T00:00:00Z} for "unset".
 */
public final class BlnkTime {

    public static final String ZERO = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private BlnkTime() {
    }

    public static String format(Instant instant) {
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

    public static String formatMillis(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /** An RFC 3339 date-time with offset (e.g. {@code 2024-01-01T15:04:05Z}); null if it is not one. */
    public static Instant parseOrNull(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
