package dev.ledgerline.projection.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ledgerline.projection.store.Filter;
import dev.ledgerline.projection.store.FilterSql;
import dev.ledgerline.projection.store.InvalidFilterException;
import dev.ledgerline.projection.store.ListQuery;
import tools.jackson.databind.JsonNode;

/**
 * Blnk's filter DSL body ({@code POST /{transactions|balances|ledgers}/filter}):
 * {@code {"filters":[{"field","operator","value"|"values"}], "logical_operator":"and"|"or",
 * "limit", "offset", "sort_by", "sort_order", "include_count"}}. Values may be JSON strings,
 * numbers or booleans; they are handed on as text and typed by {@link FilterSql}.
 */
public record FilterRequest(
        @JsonProperty("filters") List<Item> filters,
        @JsonProperty("logical_operator") String logicalOperator,
        @JsonProperty("limit") Integer limit,
        @JsonProperty("offset") Long offset,
        @JsonProperty("sort_by") String sortBy,
        @JsonProperty("sort_order") String sortOrder,
        @JsonProperty("include_count") Boolean includeCount) {

    public static final int DEFAULT_LIMIT = 20;

    public record Item(@JsonProperty("field") String field,
                       @JsonProperty("operator") String operator,
                       @JsonProperty("value") JsonNode value,
                       @JsonProperty("values") List<JsonNode> values) {
    }

    boolean counted() {
        return Boolean.TRUE.equals(includeCount);
    }

    ListQuery toListQuery() {
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > Paging.MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + Paging.MAX_LIMIT);
        }
        long skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw ApiException.validation("offset must not be negative");
        }
        if (filters != null && filters.size() > FilterSql.MAX_FILTERS) {
            throw new InvalidFilterException("at most " + FilterSql.MAX_FILTERS + " filters are allowed");
        }
        List<Filter> converted = new ArrayList<>();
        if (filters != null) {
            for (Item item : filters) {
                if (item == null) {
                    throw new InvalidFilterException("a filter must be an object");
                }
                converted.add(convert(item));
            }
        }
        return new ListQuery(converted, any(logicalOperator), sortBy, ListParams.ascending(sortOrder), pageSize, skip);
    }

    private static boolean any(String logicalOperator) {
        if (logicalOperator == null || logicalOperator.isBlank()) {
            return false;
        }
        return switch (logicalOperator.strip().toLowerCase(Locale.ROOT)) {
            case "and" -> false;
            case "or" -> true;
            default -> throw new InvalidFilterException("logical_operator must be and or or");
        };
    }

    private static Filter convert(Item item) {
        List<String> values = null;
        String value = null;
        if (item.values() != null) {
            if (item.values().size() > FilterSql.MAX_IN_VALUES) {
                throw new InvalidFilterException("at most " + FilterSql.MAX_IN_VALUES + " values are allowed");
            }
            values = new ArrayList<>();
            for (JsonNode node : item.values()) {
                values.add(scalar(node));
            }
        }
        if (item.value() != null && !item.value().isNull()) {
            if (item.value().isArray() && values == null) {
                values = new ArrayList<>(); // tolerate "value": [..] for in/between
                for (JsonNode node : item.value()) {
                    values.add(scalar(node));
                }
            } else {
                value = scalar(item.value());
            }
        }
        return new Filter(item.field(), item.operator(), value, values);
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isNull() || !node.isValueNode()) {
            throw new InvalidFilterException("filter values must be strings, numbers or booleans");
        }
        return node.asString();
    }
}
