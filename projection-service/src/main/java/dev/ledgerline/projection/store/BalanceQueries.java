package dev.ledgerline.projection.store;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of {@code balances}. */
@Component
public class BalanceQueries {

    private static final String COLUMNS = """
            balance_id, ledger_id, identity_id, indicator, currency, balance, credit_balance, debit_balance,
            inflight_balance, inflight_credit_balance, inflight_debit_balance, version, created_at,
            meta_data::text AS meta_data""";

    private final DatabaseClient db;

    public BalanceQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<BalanceRow> byId(String balanceId) {
        return db.sql("SELECT " + COLUMNS + " FROM balances WHERE balance_id = :id")
                .bind("id", balanceId)
                .map(BalanceQueries::toRow)
                .one();
    }

    public Mono<BalanceRow> byIndicator(String indicator, String currency) {
        return db.sql("SELECT " + COLUMNS + " FROM balances WHERE indicator = :indicator AND currency = :currency")
                .bind("indicator", indicator)
                .bind("currency", currency)
                .map(BalanceQueries::toRow)
                .one();
    }

    public Flux<BalanceRow> page(int limit, long offset) {
        return db.sql("SELECT " + COLUMNS + " FROM balances ORDER BY created_at DESC, balance_id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(BalanceQueries::toRow)
                .all();
    }

    private static BalanceRow toRow(Readable row) {
        return new BalanceRow(
                Columns.text(row, "balance_id"), Columns.text(row, "ledger_id"), Columns.text(row, "identity_id"),
                Columns.text(row, "indicator"), Columns.text(row, "currency"),
                Columns.money(row, "balance"), Columns.money(row, "credit_balance"), Columns.money(row, "debit_balance"),
                Columns.money(row, "inflight_balance"), Columns.money(row, "inflight_credit_balance"),
                Columns.money(row, "inflight_debit_balance"),
                Columns.int64(row, "version"), Columns.time(row, "created_at"), Columns.text(row, "meta_data"));
    }
}
