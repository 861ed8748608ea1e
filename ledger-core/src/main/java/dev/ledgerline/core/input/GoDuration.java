package dev.ledgerline.core.input;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration written as Go writes one ({@code time.ParseDuration}), since Blnk's routes take them that way: an
 * optional sign, then one or more decimal numbers each with a unit ({@code ns}, {@code us}/{@code µs}, {@code ms},
 * {@code s}, {@code m}, {@code h}), e.g. {@code 2m}, {@code 1h30m}, {@code 1.5h}, {@code -10s}; a bare {@code 0} is
 * zero. Bounded: at most 64 characters, and a total beyond about 292 years (Go's int64 nanoseconds) is refused.
 */
public final class GoDuration {

    private static final int MAX_LENGTH = 64;
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** The duration {@code text} names, or empty when Go would refuse it. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String rest = text;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        Matcher part = PART.matcher(rest);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < rest.length()) {
            if (!part.find(at) || part.start() != at) {
                return Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(part.group(1).endsWith(".") ? part.group(1) + "0" : part.group(1))
                    .multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
            if (nanos.compareTo(MAX_NANOS) > 0) {
                return Optional.empty();
            }
            at = part.end();
        }
        long total = nanos.longValue();
        return Optional.of(Duration.ofNanos(negative ? -total : total));
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
