package dev.ledgerline.projection.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The one place where list filters become SQL, for the {@code GET} query parameters and the
 * {@code POST …/filter} DSL alike. Field names are looked up in the entity's {@link FilterSchema}
 * and only the whitelisted column name is written into the SQL text; every value is parsed to the
 * column's type and bound as a named parameter ({@code :f0}, {@code :f1}, …), never concatenated.
 * Anything it cannot accept is an {@link InvalidFilterException} (400), before the database is asked.
 */
public final class FilterSql {

    public static final int MAX_FILTERS = 20;
    public static final int MAX_IN_VALUES = 100;
    public static final int MAX_VALUE_LENGTH = 1000;

    /** Plain decimal notation only: no exponent, so no value can ask PostgreSQL for a billion digits. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,200}(\\.\\d{1,100})?");

    public enum Operator { EQ, NE, GT, GTE, LT, LTE, IN, BETWEEN, LIKE, ILIKE, ISNULL, ISNOTNULL }

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
                : " WHERE (" + String.join(query.any() ? " OR " : " AND ", conditions) + ")";
        return new Built(where, orderBy(schema, query), params);
    }

    public static Operator operator(String name) {
        if (name == null) {
            throw new InvalidFilterException("filter operator is required");
        }
        try {
            return Operator.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException("unsupported filter operator '" + shorten(name) + "'");
        }
    }

    private static String condition(FilterSchema schema, Filter filter, Map<String, Object> params) {
        FilterSchema.Field field = field(schema, filter.field());
        Operator operator = operator(filter.operator());
        String column = field.column();
        String name = filter.field();
        return switch (operator) {
            case ISNULL -> column + " IS NULL";
            case ISNOTNULL -> column + " IS NOT NULL";
            case EQ -> column + " = " + param(params, field, name, single(filter));
            case NE -> column + " <> " + param(params, field, name, single(filter));
            case GT -> column + " > " + param(params, field, name, single(filter));
            case GTE -> column + " >= " + param(params, field, name, single(filter));
            case LT -> column + " < " + param(params, field, name, single(filter));
            case LTE -> column + " <= " + param(params, field, name, single(filter));
            case LIKE, ILIKE -> {
                if (field.type() != FilterSchema.Type.TEXT) {
                    throw new InvalidFilterException("operator " + operator.name().toLowerCase(Locale.ROOT)
                            + " applies to text fields only, not to '" + name + "'");
                }
                yield column + (operator == Operator.LIKE ? " LIKE " : " ILIKE ")
                        + param(params, field, name, single(filter));
            }
            case IN -> {
                List<String> values = list(filter, ",");
                if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
                    throw new InvalidFilterException("in takes 1 to " + MAX_IN_VALUES + " values for '" + name + "'");
                }
                List<String> placeholders = new ArrayList<>();
                for (String value : values) {
                    placeholders.add(param(params, field, name, value));
                }
                yield column + " IN (" + String.join(", ", placeholders) + ")";
            }
            case BETWEEN -> {
                List<String> values = list(filter, "|");
                if (values.size() != 2) {
                    throw new InvalidFilterException("between takes exactly two values (a|b) for '" + name + "'");
                }
                yield column + " BETWEEN " + param(params, field, name, values.get(0))
                        + " AND " + param(params, field, name, values.get(1));
            }
        };
    }

    private static FilterSchema.Field field(FilterSchema schema, String name) {
        FilterSchema.Field field = name == null ? null : schema.fields().get(name.strip());
        if (field == null) {
            throw new InvalidFilterException("unknown " + schema.entity() + " filter field '" + shorten(name) + "'");
        }
        return field;
    }

    private static String orderBy(FilterSchema schema, ListQuery query) {
        String column = query.sortBy() == null || query.sortBy().isBlank()
                ? "created_at" : field(schema, query.sortBy()).column();
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
            throw new InvalidFilterException("filter on '" + shorten(filter.field()) + "' needs a value");
        }
        return checkLength(value);
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
        String key = "f" + params.size();
        params.put(key, typed(field.type(), name, raw));
        return ":" + key;
    }

    static Object typed(FilterSchema.Type type, String name, String raw) {
        String value = raw.strip();
        return switch (type) {
            case TEXT -> raw;
            case NUMBER -> {
                if (!NUMBER.matcher(value).matches()) {
                    throw new InvalidFilterException("'" + name + "' needs a number, got '" + shorten(raw) + "'");
                }
                yield new BigDecimal(value);
            }
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new InvalidFilterException("'" + name + "' needs true or false, got '" + shorten(raw) + "'");
                }
                yield Boolean.parseBoolean(value);
            }
            case TIME -> time(name, value);
        };
    }

    /** RFC 3339 ({@code 2024-01-01T00:00:00Z}, any offset, any fraction) or a bare date (midnight UTC). */
    private static OffsetDateTime time(String name, String value) {
        OffsetDateTime time;
        try {
            time = value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
                    : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFilterException("'" + name + "' needs an RFC 3339 time, got '" + shorten(value) + "'");
        }
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new InvalidFilterException("'" + name + "' is out of range: '" + shorten(value) + "'");
        }
        return time;
    }

    /** Echoed input is cut so an error message never grows with a hostile value. */
    private static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
