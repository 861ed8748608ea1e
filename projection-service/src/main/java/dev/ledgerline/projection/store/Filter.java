package dev.ledgerline.projection.store;

import java.util.List;

/**
 * One filter as a client wrote it, before validation: a field name, its operator and the raw value(s).
 *
 * <p>{@code value} is the single value ({@code in} may carry {@code "USD,EUR"} and {@code between} {@code "10|20"}
 * there, as in the query-parameter form); {@code values} is the DSL's list form; either may be null. {@code json} is
 * the DSL value as JSON text ({@code 12}, {@code "12"}, {@code true}): the DSL keeps a value's JSON type, which
 * matters where the comparison is by type ({@code meta_data.<key>} equality); a query parameter has none, and is
 * typed the way Blnk types one ({@link FilterValues}).
 */
public record Filter(String field, FilterSql.Operator operator, String value, List<String> values, String json,
                     Origin origin) {

    /** Where a filter came from: the two grammars type values and compare times differently. */
    public enum Origin { QUERY, BODY }

    /** A query-parameter filter ({@code field_op=value}); the operator as Blnk's GET grammar reads it. */
    public static Filter of(String field, String operator, String value) {
        return new Filter(field, FilterSql.Operator.fromQuery(operator).orElseThrow(() ->
                new InvalidFilterException("unsupported filter operator '" + operator + "'")), value, null, null,
                Origin.QUERY);
    }
}
