package dev.ledgerline.projection.store;

import java.util.List;

/**
 * A validated-later list request, shared by the {@code GET} list endpoints ({@code field_op=value})
 * and the {@code POST …/filter} DSL: both end in {@link FilterSql}.
 *
 * @param any        true for {@code logical_operator: "or"}, false for "and"
 * @param sortBy     a JSON field name, or null for {@code created_at}
 * @param ascending  false (newest first) unless {@code sort_order=asc}
 */
public record ListQuery(List<Filter> filters, boolean any, String sortBy, boolean ascending, int limit, long offset) {

    public static ListQuery page(int limit, long offset) {
        return new ListQuery(List.of(), false, null, false, limit, offset);
    }
}
