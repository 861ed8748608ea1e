package dev.ledgerline.projection.store;

import java.util.List;

/**
 * One filter as a client wrote it, before validation: a JSON field name, an operator name and the
 * raw value(s). {@code value} is the single value ({@code in} may carry {@code "USD,EUR"} and
 * {@code between} {@code "10|20"} there, as in the query-parameter form); {@code values} is the
 * DSL's list form. Both may be null.
 */
public record Filter(String field, String operator, String value, List<String> values) {

    public static Filter of(String field, String operator, String value) {
        return new Filter(field, operator, value, null);
    }
}
