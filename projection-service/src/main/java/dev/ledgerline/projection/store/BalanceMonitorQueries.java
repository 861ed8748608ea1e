package dev.ledgerline.projection.store;

import java.math.BigDecimal;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of {@code balance_monitors}; deleted monitors are never served. */
@Component
public class BalanceMonitorQueries {

    private static final String SELECT = "SELECT monitor_id, balance_id, field, operator, value::text AS value,"
            + " precision, precise_value, fire_on_every_update, description, created_at FROM balance_monitors"
            + " WHERE NOT deleted";
    private static final String ORDER = " ORDER BY created_at, monitor_id";

    private final DatabaseClient db;

    public BalanceMonitorQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<BalanceMonitorRow> byId(String monitorId) {
        return db.sql(SELECT + " AND monitor_id = :id").bind("id", monitorId).map(BalanceMonitorQueries::toRow).one();
    }

    public Flux<BalanceMonitorRow> all() {
        return db.sql(SELECT + ORDER).map(BalanceMonitorQueries::toRow).all();
    }

    public Flux<BalanceMonitorRow> ofBalance(String balanceId) {
        return db.sql(SELECT + " AND balance_id = :balance" + ORDER).bind("balance", balanceId)
                .map(BalanceMonitorQueries::toRow).all();
    }

    private static BalanceMonitorRow toRow(io.r2dbc.spi.Readable row) {
        return new BalanceMonitorRow(Columns.text(row, "monitor_id"), Columns.text(row, "balance_id"),
                Columns.text(row, "field"), Columns.text(row, "operator"), new BigDecimal(Columns.text(row, "value")),
                Columns.int64(row, "precision"), Columns.money(row, "precise_value"),
                Columns.bool(row, "fire_on_every_update"), Columns.text(row, "description"),
                Columns.time(row, "created_at"));
    }
}
