package dev.ledgerline.projection.http;

/**
 * One page of a list: how many rows, after how many. Blnk's list endpoints read it with their {@link ListLimits};
 * {@link #parse} is the strict form of Ledgerline's own lists (a malformed or out-of-range value is a 400
 * {@code GEN_VALIDATION_ERROR}).
 */
public record Paging(int limit, long offset) {

    public static final int MAX_LIMIT = 100;

    public static Paging parse(String limit, String offset, int defaultLimit) {
        int parsedLimit = limit == null || limit.isBlank() ? defaultLimit : parseInt("limit", limit);
        long parsedOffset = offset == null || offset.isBlank() ? 0 : parseLong("offset", offset);
        if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + MAX_LIMIT);
        }
        if (parsedOffset < 0) {
            throw ApiException.validation("offset must not be negative");
        }
        return new Paging(parsedLimit, parsedOffset);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be an integer");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be an integer");
        }
    }
}
