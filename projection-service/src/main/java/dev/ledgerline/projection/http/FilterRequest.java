package dev.ledgerline.projection.http;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Blnk's DSL rules: a page of 20 unless asked (at most 100), the operators' canonical lower-case names only,
     * values with their JSON types, {@code in} with at least one value, {@code between} with exactly two, an unknown
     * {@code sort_by} sorting by {@code created_at} and an unknown {@code sort_order} newest first.
     */
    ListQuery toListQuery() {
        Paging paging = ListLimits.FILTER_BODY.page(limit, offset);
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
        return new ListQuery(converted, ListParams.any(logicalOperator), sortBy, ListParams.ascending(sortOrder),
                paging.limit(), paging.offset());
    }

    private static Filter convert(Item item) {
        FilterSql.Operator operator = FilterSql.Operator.fromBody(item.operator());
        List<String> values = null;
        String value = null;
        String json = null;
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
                // an object is a value only for the whole meta_data column
                value = item.value().isObject() && "meta_data".equals(item.field()) ? item.value().toString()
                        : scalar(item.value());
                json = item.value().toString();
            }
        }
        if (operator == FilterSql.Operator.IN && (values == null || values.isEmpty()) && value == null) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, item.field(),
                    "Invalid filter: in needs at least one value");
        }
        if (operator == FilterSql.Operator.BETWEEN && (values == null || values.size() != 2)) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, item.field(),
                    "Invalid filter: between needs exactly two values");
        }
        return new Filter(item.field(), operator, value, values, json, Filter.Origin.BODY);
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isNull() || !node.isValueNode()) {
            throw new InvalidFilterException("filter values must be strings, numbers or booleans");
        }
        return node.asString();
    }
}
