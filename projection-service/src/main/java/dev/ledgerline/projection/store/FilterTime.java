package dev.ledgerline.projection.store;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as a list filter accepts it, with the precision it was written at: Blnk's layouts (RFC 3339 with any
 * fraction, {@code YYYY-MM-DDTHH:MM[:SS[.f]]} or the same with a space, {@code YYYY-MM-DD}, {@code YYYY/MM/DD};
 * a value without an offset is UTC). The precision is what a query-parameter {@code eq} compares at: a date means
 * the whole day, {@code HH:MM} that minute, seconds that second, a fraction that millisecond or microsecond.
 */
public record FilterTime(OffsetDateTime start, ChronoUnit precision) {

    private static final Pattern LAYOUT = Pattern.compile(
            "(\\d{4})([-/])(\\d{2})\\2(\\d{2})"
                    + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|z|[+-]\\d{2}:\\d{2})?)?");

    /** The time {@code text} names, or empty when it is not one (then it is not a time, and Blnk reads it as text). */
    public static Optional<FilterTime> parse(String text) {
        Matcher m = LAYOUT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean slashes = m.group(2).equals("/");
        if (slashes && m.group(5) != null) {
            return Optional.empty(); // YYYY/MM/DD is a date layout only
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)));
            if (date.getYear() < 1) {
                return Optional.empty();
            }
            if (m.group(5) == null) {
                return Optional.of(new FilterTime(date.atStartOfDay().atOffset(ZoneOffset.UTC), ChronoUnit.DAYS));
            }
            String fraction = m.group(8);
            int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
            LocalDateTime local = date.atTime(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : Integer.parseInt(m.group(7)), nanos);
            String offset = m.group(9);
            ZoneOffset zone = offset == null || offset.equalsIgnoreCase("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset);
            ChronoUnit precision = m.group(7) == null ? ChronoUnit.MINUTES
                    : fraction == null ? ChronoUnit.SECONDS
                    : fraction.length() <= 3 ? ChronoUnit.MILLIS : ChronoUnit.MICROS;
            // PostgreSQL keeps microseconds: a finer fraction is cut to the microsecond it falls in
            return Optional.of(new FilterTime(local.atOffset(zone).truncatedTo(precision), precision));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The end of the span the value names, exclusive: {@code start} plus one unit of its precision. */
    public OffsetDateTime end() {
        return start.plus(1, precision);
    }
}
