package dev.ledgerline.projection.store;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of {@code ledgers}. */
@Component
public class LedgerQueries {

    private static final String COLUMNS = "ledger_id, name, created_at, meta_data::text AS meta_data";

    private final FilteredTable<LedgerRow> ledgers;

    public LedgerQueries(DatabaseClient db) {
        this.ledgers = new FilteredTable<>(db, FilterSchema.LEDGERS, COLUMNS, "ledgers", LedgerQueries::toRow);
    }

    public Mono<LedgerRow> byId(String ledgerId) {
        return ledgers.one("ledger_id", ledgerId);
    }

    /**
     * One page of the filtered, sorted list (default newest first). Throws {@link InvalidFilterException}
     * before touching the database when the query is not acceptable.
     */
    public Flux<LedgerRow> list(ListQuery query) {
        return ledgers.page(query);
    }

    /** How many rows match the query's filters (paging and sorting ignored). */
    public Mono<Long> count(ListQuery query) {
        return ledgers.count(query);
    }

    private static LedgerRow toRow(io.r2dbc.spi.Readable row) {
        return new LedgerRow(Columns.text(row, "ledger_id"), Columns.text(row, "name"),
                Columns.time(row, "created_at"), Columns.text(row, "meta_data"));
    }
}
