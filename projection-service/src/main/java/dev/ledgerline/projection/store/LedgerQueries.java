package dev.ledgerline.projection.store;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of {@code ledgers}. */
@Component
public class LedgerQueries {

    private static final String COLUMNS = "ledger_id, name, created_at, meta_data::text AS meta_data";

    private final DatabaseClient db;

    public LedgerQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<LedgerRow> byId(String ledgerId) {
        return db.sql("SELECT " + COLUMNS + " FROM ledgers WHERE ledger_id = :id")
                .bind("id", ledgerId)
                .map(LedgerQueries::toRow)
                .one();
    }

    /**
     * One page of the filtered, sorted list (default newest first). Throws {@link InvalidFilterException}
     * before touching the database when the query is not acceptable.
     */
    public Flux<LedgerRow> list(ListQuery query) {
        FilterSql.Built built = FilterSql.build(FilterSchema.LEDGERS, query);
        return built.bindTo(db.sql("SELECT " + COLUMNS + " FROM ledgers" + built.where() + built.orderBy()
                        + " LIMIT :limit OFFSET :offset"))
                .bind("limit", query.limit())
                .bind("offset", query.offset())
                .map(LedgerQueries::toRow)
                .all();
    }

    /** How many rows match the query's filters (paging and sorting ignored). */
    public Mono<Long> count(ListQuery query) {
        FilterSql.Built built = FilterSql.build(FilterSchema.LEDGERS, query);
        return built.bindTo(db.sql("SELECT COUNT(*) AS total FROM ledgers" + built.where()))
                .map(row -> Columns.int64(row, "total"))
                .one();
    }

    private static LedgerRow toRow(io.r2dbc.spi.Readable row) {
        return new LedgerRow(Columns.text(row, "ledger_id"), Columns.text(row, "name"),
                Columns.time(row, "created_at"), Columns.text(row, "meta_data"));
    }
}
