package dev.ledgerline.projection.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ledgerline.projection.store.Filter;
import dev.ledgerline.projection.store.InvalidFilterException;
import dev.ledgerline.projection.store.ListQuery;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of the {@code GET} list endpoints: {@code limit}, {@code offset},
 * {@code sort_by}, {@code sort_order}, and any number of {@code field_op=value} filters (Blnk's
 * form: {@code status_eq=APPLIED}, {@code currency_in=USD,EUR}, {@code precise_amount_between=10|20}),
 * all combined with AND. Every other parameter is refused: a misspelt filter must not silently
 * return the unfiltered list.
 */
final class ListParams {

    private static final Set<String> RESERVED = Set.of("limit", "offset", "sort_by", "sort_order");

    private ListParams() {
    }

    static ListQuery parse(MultiValueMap<String, String> params, int defaultLimit) {
        Paging paging = Paging.parse(params.getFirst("limit"), params.getFirst("offset"), defaultLimit);
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String key = param.getKey();
            if (RESERVED.contains(key)) {
                continue;
            }
            int split = key.lastIndexOf('_');
            if (split <= 0 || split == key.length() - 1) {
                throw new InvalidFilterException("unknown query parameter '" + shorten(key)
                        + "' (filters are written field_operator=value)");
            }
            for (String value : param.getValue()) {
                filters.add(Filter.of(key.substring(0, split), key.substring(split + 1), value == null ? "" : value));
            }
        }
        return new ListQuery(filters, false, params.getFirst("sort_by"), ascending(params.getFirst("sort_order")),
                paging.limit(), paging.offset());
    }

    /** {@code asc} or {@code desc} (default: newest first). */
    static boolean ascending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank()) {
            return false;
        }
        return switch (sortOrder.strip().toLowerCase(Locale.ROOT)) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw new InvalidFilterException("sort_order must be asc or desc");
        };
    }

    static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
