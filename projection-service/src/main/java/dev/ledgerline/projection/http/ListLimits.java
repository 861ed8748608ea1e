package dev.ledgerline.projection.http;

/**
 * {@code limit} and {@code offset} of one list endpoint, as Blnk reads them: its default page size, the largest page
 * it serves, and whether a malformed value is a 400 (balances, ledgers) or just the default (transactions, the
 * filter DSL). A page larger than the cap is served at the cap; Blnk silently answers 20 rows instead, which no
 * client can want.
 */
record ListLimits(int defaultLimit, int maxLimit, boolean malformedIsError) {

    static final ListLimits TRANSACTIONS = new ListLimits(20, 1000, false);
    static final ListLimits BALANCES = new ListLimits(10, 1000, true);
    static final ListLimits LEDGERS = new ListLimits(10, 100, true);
    static final ListLimits FILTER_BODY = new ListLimits(20, 100, false);
    /** Blnk pages identities only when filtered (default 20, over 100 → 20); unfiltered it returns them all. */
    static final ListLimits IDENTITIES = new ListLimits(20, 100, false);
    /** Blnk: default 20, a malformed value means 20; unfiltered it returns every account, filtered over 100 → 20. */
    static final ListLimits ACCOUNTS = new ListLimits(20, 100, false);

    Paging page(String limit, String offset) {
        int rows = parse("limit", limit, defaultLimit);
        if (rows < 1) {
            rows = refuseOr("limit", defaultLimit);
        }
        long skip = parse("offset", offset, 0);
        if (skip < 0) {
            skip = refuseOr("offset", 0);
        }
        return new Paging(Math.min(rows, maxLimit), skip);
    }

    Paging page(Integer limit, Long offset) {
        return page(limit == null ? null : limit.toString(), offset == null ? null : offset.toString());
    }

    private int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
        } catch (NumberFormatException e) {
            return refuseOr(name, fallback);
        }
    }

    private int refuseOr(String name, int fallback) {
        if (malformedIsError) {
            throw ApiException.validation("invalid " + name + " value");
        }
        return fallback;
    }
}
