package dev.ledgerline.projection.store;

import java.util.regex.Pattern;

/**
 * How a query-parameter value is typed where the comparison depends on a JSON type ({@code meta_data.<key>}
 * equality), in Blnk's order: a 64-bit integer, else a finite decimal number, else exactly {@code true} or
 * {@code false}, else a time ({@link FilterTime}), else text. So {@code meta_data.ref_eq=12345} looks for the number
 * 12345, as in Blnk, and does not match the string {@code "12345"} (the filter DSL keeps the JSON type the client
 * sent, so it can ask for either).
 */
final class FilterValues {

    /** Decimal notation with an optional exponent of at most three digits: no value can ask for a huge number. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d{1,100}(\\.\\d{0,100})?|\\.\\d{1,100})([eE][-+]?\\d{1,3})?");

    private FilterValues() {
    }

    /** The JSON text of {@code raw} typed the way Blnk types a GET value; a time is returned as its JSON string. */
    static String json(String raw) {
        String value = raw.strip();
        if (isLong(value) || DECIMAL.matcher(value).matches() && Double.isFinite(Double.parseDouble(value))) {
            return normalisedNumber(value);
        }
        if (value.equals("true") || value.equals("false")) {
            return value;
        }
        return jsonString(raw);
    }

    private static boolean isLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** JSON has no leading '+' or bare '.5': write the number the way JSON and PostgreSQL both read it. */
    private static String normalisedNumber(String value) {
        return new java.math.BigDecimal(value).toString();
    }

    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
