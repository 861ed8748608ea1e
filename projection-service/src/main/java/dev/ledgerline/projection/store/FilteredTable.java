package dev.ledgerline.projection.store;

import java.util.function.Function;

import org.springframework.r2dbc.core.DatabaseClient;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reads every listed entity shares: one row by a unique column, a filtered and sorted page, and the number of rows
 * a filter matches, all over {@link FilterSql}. {@code source} is what follows {@code FROM}: a table, a view, or a
 * subquery named as the table, so that filters and ordering read as on the table itself.
 */
final class FilteredTable<R> {

    private final DatabaseClient db;
    private final FilterSchema schema;
    private final String select;
    private final String from;
    private final Function<Readable, R> toRow;

    FilteredTable(DatabaseClient db, FilterSchema schema, String columns, String source, Function<Readable, R> toRow) {
        this.db = db;
        this.schema = schema;
        this.from = " FROM " + source;
        this.select = "SELECT " + columns + from;
        this.toRow = toRow;
    }

    /** The row whose {@code column} (a unique one, named by the caller, never by a client) equals {@code value}. */
    Mono<R> one(String column, String value) {
        return db.sql(select + " WHERE " + column + " = :value").bind("value", value).map(toRow::apply).one();
    }

    /** One page (default newest first); {@link InvalidFilterException} before touching the database for a bad query. */
    Flux<R> page(ListQuery query) {
        FilterSql.Built built = FilterSql.build(schema, query);
        return built.bindTo(db.sql(select + built.where() + built.orderBy() + " LIMIT :limit OFFSET :offset"))
                .bind("limit", query.limit())
                .bind("offset", query.offset())
                .map(toRow::apply)
                .all();
    }

    /** How many rows match the query's filters (paging and sorting ignored). */
    Mono<Long> count(ListQuery query) {
        FilterSql.Built built = FilterSql.build(schema, query);
        return built.bindTo(db.sql("SELECT COUNT(*) AS total" + from + built.where()))
                .map(row -> Columns.int64(row, "total"))
                .one();
    }
}
