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

    /** Newest first, as Blnk lists them. */
    public Flux<LedgerRow> page(int limit, long offset) {
        return db.sql("SELECT " + COLUMNS + " FROM ledgers ORDER BY created_at DESC, ledger_id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(LedgerQueries::toRow)
                .all();
    }

    private static LedgerRow toRow(io.r2dbc.spi.Readable row) {
        return new LedgerRow(Columns.text(row, "ledger_id"), Columns.text(row, "name"),
                Columns.time(row, "created_at"), Columns.text(row, "meta_data"));
    }
}
