package dev.ledgerline.projection.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The one place where list filters become SQL, for the {@code GET} query parameters and the
 * {@code POST …/filter} DSL alike. Field names are looked up in the entity's {@link FilterSchema}
 * and only the whitelisted column name is written into the SQL text; every value is parsed to the
 * column's type and bound as a named parameter ({@code :f0}, {@code :f1}, …), never concatenated.
 * Anything it cannot accept is an {@link InvalidFilterException} (400), before the database is asked.
 *
 * <p>Blnk's semantics, and where they differ on purpose:
 * <ul>
 *   <li>a query-parameter {@code eq} on a time compares at the precision the value was written with (a date is the
 *       whole day); {@code between}, {@code gt} and the DSL compare the exact instant;</li>
 *   <li>{@code meta_data.<key>}: {@code eq} is JSON containment, so it is type-sensitive; {@code ne}, {@code in},
 *       {@code like} compare the text; {@code gt}…{@code between} compare numbers, and a row whose value under the
 *       key is not a number simply does not match (Blnk fails the whole query with a 500);</li>
 *   <li>{@code balance_id} on transactions matches the source or the destination balance ({@code eq}, {@code ne},
 *       {@code in}, {@code isnull}, {@code isnotnull}); {@code indicator} matches either side's balance indicator;</li>
 *   <li>a sort field that is not whitelisted (or virtual) falls back to {@code created_at}, as Blnk's DSL does.</li>
 * </ul>
 */
public final class FilterSql {

    public static final int MAX_FILTERS = 20;
    public static final int MAX_IN_VALUES = 100;
    public static final int MAX_VALUE_LENGTH = 1000;

    /** Plain decimal notation only: no exponent, so no value can ask PostgreSQL for a billion digits. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,200}(\\.\\d{1,100})?");
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String META_PREFIX = "meta_data.";
    /** Only text that looks like a number is cast, so one odd row cannot fail everybody's query. */
    private static final String NUMERIC_TEXT = "'^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$'";
    private static final String TIME_TEXT =
            "'^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|z|[+-]\\d{2}(:?\\d{2})?)?)?$'";

    public enum Operator {
        EQ, NE, GT, GTE, LT, LTE, IN, BETWEEN, LIKE, ILIKE, ISNULL, ISNOTNULL;

        /** The operator a query-parameter suffix names (any case; {@code neq}, {@code gteq}, {@code lteq} too). */
        public static Optional<Operator> fromQuery(String suffix) {
            if (suffix == null) {
                return Optional.empty();
            }
            String name = suffix.strip().toLowerCase(Locale.ROOT);
            return switch (name) {
                case "neq" -> Optional.of(NE);
                case "gteq" -> Optional.of(GTE);
                case "lteq" -> Optional.of(LTE);
                default -> canonical(name);
            };
        }

        /** The DSL's operator: the lower-case canonical names only, as in Blnk; anything else is refused. */
        public static Operator fromBody(String name) {
            Optional<Operator> operator = name == null ? Optional.empty() : canonical(name);
            return operator.orElseThrow(() -> new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER,
                    "operator", "Invalid filter: invalid operator '" + shorten(name) + "'"));
        }

        private static Optional<Operator> canonical(String name) {
            for (Operator operator : values()) {
                if (operator.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return Optional.of(operator);
                }
            }
            return Optional.empty();
        }

        String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The parts of the statement: {@code where} is empty or starts with {@code " WHERE "},
     * {@code orderBy} starts with {@code " ORDER BY "}; {@code params} are the values to bind.
     */
    public record Built(String where, String orderBy, Map<String, Object> params) {

        public GenericExecuteSpec bindTo(GenericExecuteSpec spec) {
            GenericExecuteSpec bound = spec;
            for (Map.Entry<String, Object> param : params.entrySet()) {
                bound = bound.bind(param.getKey(), param.getValue());
            }
            return bound;
        }
    }

    private FilterSql() {
    }

    public static Built build(FilterSchema schema, ListQuery query) {
        List<Filter> filters = query.filters() == null ? List.of() : query.filters();
        if (filters.size() > MAX_FILTERS) {
            throw new InvalidFilterException("at most " + MAX_FILTERS + " filters are allowed");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(condition(schema, filter, params));
        }
        String where = conditions.isEmpty() ? ""
                : " WHERE (" + String.join(query.any() ? ") OR (" : ") AND (", conditions) + ")";
        return new Built(where, orderBy(schema, query), params);
    }

    private static String condition(FilterSchema schema, Filter filter, Map<String, Object> params) {
        String name = filter.field() == null ? "" : filter.field().strip();
        if (filter.operator() == null) {
            throw new InvalidFilterException("filter operator is required");
        }
        if (name.startsWith(META_PREFIX)) {
            return metaData(name, name.substring(META_PREFIX.length()), filter, params);
        }
        if (name.equals("meta_data")) {
            return wholeMetaData(filter, params);
        }
        FilterSchema.Field field = field(schema, name);
        return switch (field.kind()) {
            case COLUMN -> compare(field.column(), field, name, filter, params);
            case EITHER_BALANCE -> eitherBalance(name, filter, params);
            case EITHER_INDICATOR -> {
                String matching = "SELECT balance_id FROM balances WHERE "
                        + compare("indicator", field, name, filter, params);
                yield "source_balance_id IN (" + matching + ") OR destination_balance_id IN (" + matching + ")";
            }
        };
    }

    /** One column (or whitelisted expression) against the filter's value(s), typed by the column. */
    private static String compare(String column, FilterSchema.Field field, String name, Filter filter,
                                  Map<String, Object> params) {
        Operator operator = filter.operator();
        return switch (operator) {
            case ISNULL -> column + " IS NULL";
            case ISNOTNULL -> column + " IS NOT NULL";
            case EQ -> {
                String value = single(filter);
                if (field.type() == FilterSchema.Type.TIME && filter.origin() == Filter.Origin.QUERY) {
                    FilterTime time = time(name, value);
                    yield column + " >= " + bind(params, time.start()) + " AND " + column + " < "
                            + bind(params, time.end());
                }
                yield column + " = " + param(params, field, name, value);
            }
            case NE -> column + " <> " + param(params, field, name, single(filter));
            case GT -> column + " > " + param(params, field, name, single(filter));
            case GTE -> column + " >= " + param(params, field, name, single(filter));
            case LT -> column + " < " + param(params, field, name, single(filter));
            case LTE -> column + " <= " + param(params, field, name, single(filter));
            case LIKE, ILIKE -> {
                if (field.type() != FilterSchema.Type.TEXT) {
                    throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, name,
                            "operator " + operator.lowerCase() + " applies to text fields only, not to '" + name + "'");
                }
                yield column + (operator == Operator.LIKE ? " LIKE " : " ILIKE ")
                        + param(params, field, name, single(filter));
            }
            case IN -> column + " IN (" + String.join(", ", inParams(params, field, name, filter)) + ")";
            case BETWEEN -> {
                List<String> values = between(name, filter);
                yield column + " BETWEEN " + param(params, field, name, values.get(0))
                        + " AND " + param(params, field, name, values.get(1));
            }
        };
    }

    /** Blnk's virtual {@code balance_id}: the transaction's source or destination balance. */
    private static String eitherBalance(String name, Filter filter, Map<String, Object> params) {
        FilterSchema.Field text = new FilterSchema.Field("balance_id", FilterSchema.Type.TEXT);
        return switch (filter.operator()) {
            case EQ -> {
                String value = param(params, text, name, single(filter));
                yield "source_balance_id = " + value + " OR destination_balance_id = " + value;
            }
            case NE -> {
                String value = param(params, text, name, single(filter));
                yield "source_balance_id <> " + value + " AND destination_balance_id <> " + value;
            }
            case IN -> {
                String values = String.join(", ", inParams(params, text, name, filter));
                yield "source_balance_id IN (" + values + ") OR destination_balance_id IN (" + values + ")";
            }
            // a side without a balance is stored as ''
            case ISNULL -> "COALESCE(source_balance_id, '') = '' AND COALESCE(destination_balance_id, '') = ''";
            case ISNOTNULL -> "COALESCE(source_balance_id, '') <> '' OR COALESCE(destination_balance_id, '') <> ''";
            default -> throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, name,
                    "Invalid filter: operator " + filter.operator().lowerCase()
                            + " is not supported on balance_id (eq, ne, in, isnull, isnotnull are)");
        };
    }

    /** {@code meta_data.<key>}: one level, a plain key; the key itself is a bound parameter too. */
    private static String metaData(String name, String key, Filter filter, Map<String, Object> params) {
        if (!META_KEY.matcher(key).matches()) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, name,
                    "Invalid filter: meta_data keys are one level of letters, digits and '_', starting with a letter: '"
                            + shorten(name) + "'");
        }
        Operator operator = filter.operator();
        if (operator == Operator.EQ) {
            return metaDataEquals(key, filter, params);
        }
        if (operator == Operator.ISNULL) {
            return "meta_data -> " + bind(params, key) + " IS NULL OR jsonb_typeof(meta_data -> "
                    + bind(params, key) + ") = 'null'";
        }
        if (operator == Operator.ISNOTNULL) {
            return "jsonb_typeof(meta_data -> " + bind(params, key) + ") <> 'null'";
        }
        String text = "(meta_data ->> " + bind(params, key) + ")";
        FilterSchema.Field textField = new FilterSchema.Field(name, FilterSchema.Type.TEXT);
        FilterSchema.Field numberField = new FilterSchema.Field(name, FilterSchema.Type.NUMBER);
        String number = "(CASE WHEN " + text + " ~ " + NUMERIC_TEXT + " THEN " + text + "::numeric END)";
        return switch (operator) {
            case NE -> text + " <> " + param(params, textField, name, single(filter));
            case LIKE -> text + " LIKE " + param(params, textField, name, single(filter));
            case ILIKE -> text + " ILIKE " + param(params, textField, name, single(filter));
            case IN -> text + " IN (" + String.join(", ", inParams(params, textField, name, filter)) + ")";
            case GT -> number + " > " + param(params, numberField, name, single(filter));
            case GTE -> number + " >= " + param(params, numberField, name, single(filter));
            case LT -> number + " < " + param(params, numberField, name, single(filter));
            case LTE -> number + " <= " + param(params, numberField, name, single(filter));
            case BETWEEN -> {
                List<String> values = between(name, filter);
                yield number + " BETWEEN " + param(params, numberField, name, values.get(0))
                        + " AND " + param(params, numberField, name, values.get(1));
            }
            case EQ, ISNULL, ISNOTNULL -> throw new IllegalStateException("handled above");
        };
    }

    /**
     * JSON containment ({@code meta_data @> {"key": value}}), so {@code 12} and {@code "12"} differ, as in Blnk. A
     * query-parameter value is typed as Blnk types it; one that reads as a time matches the span it names instead.
     */
    private static String metaDataEquals(String key, Filter filter, Map<String, Object> params) {
        String value = single(filter);
        String json;
        if (filter.origin() == Filter.Origin.BODY) {
            json = filter.json() != null ? filter.json() : FilterValues.jsonString(value);
        } else {
            json = FilterValues.json(value);
            Optional<FilterTime> time = json.startsWith("\"") ? FilterTime.parse(value) : Optional.empty();
            if (time.isPresent()) {
                String text = "(meta_data ->> " + bind(params, key) + ")";
                String instant = "(CASE WHEN " + text + " ~ " + TIME_TEXT + " THEN " + text + "::timestamptz END)";
                return instant + " >= " + bind(params, time.get().start()) + " AND " + instant + " < "
                        + bind(params, time.get().end());
            }
        }
        return "meta_data @> CAST(" + bind(params, "{" + FilterValues.jsonString(key) + ":" + json + "}")
                + " AS jsonb)";
    }

    /** The bare {@code meta_data} field compares the whole object with a JSON value. */
    private static String wholeMetaData(Filter filter, Map<String, Object> params) {
        String json = filter.json() != null ? filter.json() : single(filter);
        return switch (filter.operator()) {
            case EQ -> "meta_data = CAST(" + bind(params, checkLength(json)) + " AS jsonb)";
            case NE -> "meta_data <> CAST(" + bind(params, checkLength(json)) + " AS jsonb)";
            default -> throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, "meta_data",
                    "Invalid filter: the whole meta_data compares with eq or ne only; filter meta_data.<key> instead");
        };
    }

    private static FilterSchema.Field field(FilterSchema schema, String name) {
        FilterSchema.Field field = schema.fields().get(name);
        if (field == null && schema.sealed().contains(name)) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, name,
                    "Invalid filter: field '" + name + "' holds sealed personal data and cannot be filtered");
        }
        if (field == null) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_FILTER, name,
                    "Invalid filter: invalid field '" + shorten(name) + "' for table '" + schema.table() + "'");
        }
        return field;
    }

    /** Newest first unless asked; a field that cannot be sorted on falls back to {@code created_at}, as in Blnk. */
    private static String orderBy(FilterSchema schema, ListQuery query) {
        FilterSchema.Field sortField = query.sortBy() == null ? null : schema.fields().get(query.sortBy().strip());
        String column = sortField == null || !sortField.sortable() ? "created_at" : sortField.column();
        String direction = query.ascending() ? "ASC" : "DESC";
        String tieBreak = column.equals(schema.idColumn()) ? "" : ", " + schema.idColumn() + " " + direction;
        return " ORDER BY " + column + " " + direction + tieBreak;
    }

    private static String single(Filter filter) {
        String value = filter.value();
        if (value == null && filter.values() != null && filter.values().size() == 1) {
            value = filter.values().get(0);
        }
        if (value == null) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, filter.field(),
                    "filter on '" + shorten(filter.field()) + "' needs a value");
        }
        return checkLength(value);
    }

    private static List<String> inParams(Map<String, Object> params, FilterSchema.Field field, String name,
                                         Filter filter) {
        List<String> values = list(filter, ",");
        if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, name,
                    "in takes 1 to " + MAX_IN_VALUES + " values for '" + shorten(name) + "'");
        }
        List<String> placeholders = new ArrayList<>();
        for (String value : values) {
            // Blnk trims the items of a comma-separated list
            placeholders.add(param(params, field, name, filter.values() == null ? value.strip() : value));
        }
        return placeholders;
    }

    private static List<String> between(String name, Filter filter) {
        List<String> values = list(filter, "|");
        if (values.size() != 2) {
            throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, name,
                    "between takes exactly two values (a|b) for '" + shorten(name) + "'");
        }
        return values;
    }

    /** The DSL's {@code values}, or the single value split on {@code separator} (query-parameter form). */
    private static List<String> list(Filter filter, String separator) {
        List<String> values = new ArrayList<>();
        if (filter.values() != null && !filter.values().isEmpty()) {
            if (filter.values().size() > MAX_IN_VALUES) {
                throw new InvalidFilterException("at most " + MAX_IN_VALUES + " values are allowed");
            }
            for (String value : filter.values()) {
                if (value == null) {
                    throw new InvalidFilterException("filter values must not be null");
                }
                values.add(checkLength(value));
            }
        } else if (filter.value() != null) {
            // the whole parameter may hold up to MAX_IN_VALUES values of MAX_VALUE_LENGTH each
            if (filter.value().length() > MAX_IN_VALUES * (MAX_VALUE_LENGTH + 1)) {
                throw new InvalidFilterException("filter value is too long");
            }
            for (String value : filter.value().split(Pattern.quote(separator), -1)) {
                values.add(checkLength(value));
            }
        }
        return values;
    }

    private static String checkLength(String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidFilterException("filter values are limited to " + MAX_VALUE_LENGTH + " characters");
        }
        return value;
    }

    /** Parses {@code raw} to the field's type, stores it under a fresh name and returns the placeholder. */
    private static String param(Map<String, Object> params, FilterSchema.Field field, String name, String raw) {
        return bind(params, typed(field.type(), name, raw));
    }

    private static String bind(Map<String, Object> params, Object value) {
        String key = "f" + params.size();
        params.put(key, value);
        return ":" + key;
    }

    static Object typed(FilterSchema.Type type, String name, String raw) {
        String value = raw.strip();
        return switch (type) {
            case TEXT -> raw;
            case NUMBER -> {
                if (!NUMBER.matcher(value).matches()) {
                    throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, name,
                            "'" + shorten(name) + "' needs a number, got '" + shorten(raw) + "'");
                }
                yield new BigDecimal(value);
            }
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new InvalidFilterException(InvalidFilterException.Kind.INVALID_PARAMETER, name,
                            "'" + shorten(name) + "' needs true or false, got '" + shorten(raw) + "'");
                }
                yield Boolean.parseBoolean(value);
            }
            case TIME -> time(name, value).start();
        };
    }

    private static FilterTime time(String name, String value) {
        return FilterTime.parse(value).orElseThrow(() -> new InvalidFilterException(
                InvalidFilterException.Kind.INVALID_PARAMETER, name,
                "'" + shorten(name) + "' needs a time (RFC 3339, YYYY-MM-DD[THH:MM[:SS]] or YYYY/MM/DD), got '"
                        + shorten(value) + "'"));
    }

    /** Echoed input is cut so an error message never grows with a hostile value. */
    static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
