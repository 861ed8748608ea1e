package dev.ledgerline.projection.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;

/**
 * Several writes, each to its own table, sent as ONE statement: {@code WITH w0 AS (INSERT …), w1 AS (DELETE …) SELECT
 * 1}. PostgreSQL runs every data-modifying part exactly once, all against the same snapshot, and the statement is
 * atomic by itself. Why: the projection's writes used to be one statement per table inside BEGIN … COMMIT, eight
 * round trips per batch, each waiting for a busy machine to schedule first PostgreSQL's backend and then the
 * projection's driver thread again; the read model fell behind by that wait, not by the work. Because every part sees
 * the tables as they were before the statement, no part may depend on another's rows, and no two parts may write the
 * same row (the caller keeps them apart).
 */
final class OneStatementWrite {

    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");
    /**
     * The statement for each combination of parts seen (which tables a batch writes), so that renumbering runs once
     * per combination, not once per batch. Parts are the writer's constant SQL, so there are at most a few dozen;
     * the cap only guards against a caller that builds SQL per call.
     */
    private static final Map<List<Shape>, String> SQL_BY_PARTS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 256;

    /** One table's write: its SQL numbers its own parameters from $1, one array per column. */
    record Part(String sql, Object[][] arrays) {
    }

    /** What a part contributes to the statement's text: its SQL and how many parameters it numbers. */
    private record Shape(String sql, int parameters) {
    }

    private final List<Part> parts = new ArrayList<>();

    /** Adds a part; {@code null} (nothing to write to that table) is skipped. */
    OneStatementWrite add(Part part) {
        if (part != null) {
            parts.add(part);
        }
        return this;
    }

    /** The statement with every part's arrays bound; {@code null} when no part has rows. */
    Statement toStatement(Connection connection) {
        if (parts.isEmpty()) {
            return null;
        }
        Statement statement = connection.createStatement(sql());
        int index = 0;
        for (Part part : parts) {
            for (Object[] array : part.arrays()) {
                statement.bind(index++, array);
            }
        }
        return statement;
    }

    String sql() {
        List<Shape> key = parts.stream().map(part -> new Shape(part.sql(), part.arrays().length)).toList();
        String cached = SQL_BY_PARTS.get(key);
        if (cached != null) {
            return cached;
        }
        String sql = joined();
        if (SQL_BY_PARTS.size() < MAX_CACHED) {
            SQL_BY_PARTS.putIfAbsent(key, sql);
        }
        return sql;
    }

    private String joined() {
        StringBuilder sql = new StringBuilder("WITH ");
        int bound = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(",\n");
            }
            sql.append("w").append(i).append(" AS (").append(renumbered(parts.get(i).sql(), bound)).append(')');
            bound += parts.get(i).arrays().length;
        }
        return sql.append("\nSELECT 1").toString();
    }

    /** {@code sql} with each {@code $n} moved up by {@code offset}. */
    static String renumbered(String sql, int offset) {
        if (offset == 0) {
            return sql;
        }
        Matcher parameter = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        while (parameter.find()) {
            parameter.appendReplacement(out, "\\$" + (Integer.parseInt(parameter.group(1)) + offset));
        }
        parameter.appendTail(out);
        return out.toString();
    }
}
