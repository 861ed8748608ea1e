package dev.ledgerline.projection.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.ledgerline.projection.store.Filter;
import dev.ledgerline.projection.store.FilterSql;
import dev.ledgerline.projection.store.InvalidFilterException;
import dev.ledgerline.projection.store.ListQuery;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of the {@code GET} list endpoints, read with Blnk's grammar: a parameter
 * {@code <field>_<operator>=value} is a filter ({@code status_eq=APPLIED}, {@code currency_in=USD,EUR},
 * {@code meta_data.order_id_eq=7}, {@code precise_amount_between=10|20}); the operator is the part after the last
 * {@code _}, in any case, with the aliases {@code neq}, {@code gteq}, {@code lteq}. A parameter whose last part is no
 * operator (or that has no {@code _}) is not a filter and is skipped, as Blnk skips it ({@code include},
 * {@code with_queued}, a client's own tracking parameter); one with an operator but a field the entity does not have
 * is a 400. Only the first value of a repeated parameter counts. Filters combine with {@code logical_operator}
 * ({@code and}, the default, or {@code or}).
 *
 * <p>Reserved, never filters: Blnk's {@code page}, {@code pagesize}, {@code per_page}, {@code limit}, {@code offset},
 * {@code sort}, {@code order}, {@code order_by}, {@code order_dir}, {@code logical_operator}, {@code instance_id},
 * {@code org_id}. Blnk's GET lists cannot sort; Ledgerline reads {@code sort_by} and {@code sort_order} as its filter
 * DSL does (an unknown field sorts by {@code created_at}, an unknown order is newest first).
 */
final class ListParams {

    private static final Set<String> RESERVED = Set.of("page", "pagesize", "per_page", "limit", "offset", "sort",
            "order", "order_by", "order_dir", "logical_operator", "instance_id", "org_id", "sort_by", "sort_order");

    private ListParams() {
    }

    static ListQuery parse(MultiValueMap<String, String> params, ListLimits limits) {
        Paging paging = limits.page(params.getFirst("limit"), params.getFirst("offset"));
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String key = param.getKey();
            if (RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            int split = key.lastIndexOf('_');
            if (split <= 0) {
                continue;
            }
            Optional<FilterSql.Operator> operator = FilterSql.Operator.fromQuery(key.substring(split + 1));
            if (operator.isEmpty()) {
                continue;
            }
            String value = param.getValue().isEmpty() || param.getValue().get(0) == null ? "" : param.getValue().get(0);
            filters.add(new Filter(key.substring(0, split), operator.get(), value, null, null, Filter.Origin.QUERY));
        }
        if (filters.size() > FilterSql.MAX_FILTERS) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, "filters",
                    "at most " + FilterSql.MAX_FILTERS + " filters are allowed");
        }
        return new ListQuery(filters, any(params.getFirst("logical_operator")), params.getFirst("sort_by"),
                ascending(params.getFirst("sort_order")), paging.limit(), paging.offset());
    }

    /** {@code and} (the default) or {@code or}, any case; anything else is refused, as in Blnk. */
    static boolean any(String logicalOperator) {
        if (logicalOperator == null || logicalOperator.isBlank()) {
            return false;
        }
        return switch (logicalOperator.strip().toLowerCase(Locale.ROOT)) {
            case "and" -> false;
            case "or" -> true;
            default -> throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER,
                    "logical_operator", "logical_operator must be and or or");
        };
    }

    /** {@code asc}, else newest first (Blnk's DSL reads any other value as {@code desc}). */
    static boolean ascending(String sortOrder) {
        return sortOrder != null && sortOrder.strip().equalsIgnoreCase("asc");
    }

    /** Echoed input is cut so an error message never grows with a hostile value. */
    static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
