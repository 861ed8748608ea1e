package dev.ledgerline.gateway.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Timestamps as Blnk (Go {@code time.Time}) writes them: RFC 3339 in UTC, fractional seconds with
 * trailing zeros trimmed, and {@code 0001-01-01T00:00:00Z} for "unset".
 */
public final class BlnkTime {

    public static final String ZERO = "0001-01-01T00:00:00Z";
    /** The range of date inputs: years 0001 to 9999, in UTC. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** RFC 3339 {@code date-time}: four-digit year, ASCII digits, up to nanoseconds, {@code Z} or {@code ±hh:mm}. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");
    private static final int LONGEST_RFC_3339 = "0000-00-00T00:00:00.000000000+00:00".length();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private BlnkTime() {
    }

    public static String format(Instant instant) {
        StringBuilder text = new StringBuilder(32).append(SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos != 0) {
            // nine digits, then trailing zeros trimmed (Go's RFC3339Nano); on every answer, so no String.format
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            String fraction = Integer.toString(nanos);
            text.append('.');
            for (int pad = fraction.length(); pad < digits; pad++) {
                text.append('0');
            }
            text.append(fraction);
        }
        return text.append('Z').toString();
    }

    public static String formatMillis(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * An RFC 3339 date-time with offset (e.g. {@code 2024-01-01T15:04:05Z}, {@code 2024-01-01T15:04:05.5+01:00}) whose
     * instant lies in years 0001-9999 UTC ({@link #EARLIEST}..{@link #LATEST}); null if it is not one. A four-digit
     * ASCII year is required (Java alone would read {@code +300000-01-01T00:00:00Z}, which PostgreSQL cannot store
     * and which overflows epoch milliseconds further out).
     */
    public static Instant parseOrNull(String text) {
        if (text == null || text.length() > LONGEST_RFC_3339 || !RFC_3339.matcher(text).matches()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    }
}
