package dev.ledgerline.projection.store;

import java.util.List;

import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes {@code ledger.balance-monitors} records into {@code balance_monitors}, inside the projection's batch
 * transaction ({@link ProjectionWriter}). Monitor records are rare, so each is one statement, in log order;
 * a row only moves forward to a higher {@code version}, so a redelivered record changes nothing.
 */
final class BalanceMonitorRows {

    private static final String UPSERT = """
            INSERT INTO balance_monitors (monitor_id, balance_id, field, operator, value, precision, precise_value,
                fire_on_every_update, description, created_at, updated_at, version, deleted)
            VALUES ($1, $2, $3, $4, $5::numeric, $6, $7::numeric, $8, $9,
                TIMESTAMPTZ 'epoch' + $10 * INTERVAL '1 millisecond',
                TIMESTAMPTZ 'epoch' + $11 * INTERVAL '1 millisecond', $12, $13)
            ON CONFLICT (monitor_id) DO UPDATE SET
                field = EXCLUDED.field, operator = EXCLUDED.operator, value = EXCLUDED.value,
                precision = EXCLUDED.precision, precise_value = EXCLUDED.precise_value,
                fire_on_every_update = EXCLUDED.fire_on_every_update, description = EXCLUDED.description,
                updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, deleted = EXCLUDED.deleted
            WHERE balance_monitors.version < EXCLUDED.version""";

    private BalanceMonitorRows() {
    }

    static Mono<Void> upsert(Connection connection, List<BalanceMonitorRecord> records) {
        return Flux.fromIterable(records)
                .concatMap(record -> Flux.from(statement(connection, record).execute()).flatMap(Result::getRowsUpdated))
                .then();
    }

    private static io.r2dbc.spi.Statement statement(Connection connection, BalanceMonitorRecord record) {
        BalanceMonitorSpec monitor = record.getMonitor();
        return connection.createStatement(UPSERT)
                .bind(0, monitor.getMonitorId())
                .bind(1, monitor.getBalanceId())
                .bind(2, monitor.getField())
                .bind(3, monitor.getOperator())
                .bind(4, monitor.getValue())
                .bind(5, monitor.getPrecision())
                .bind(6, monitor.getPreciseValue())
                .bind(7, monitor.getFireOnEveryUpdate())
                .bind(8, monitor.getDescription())
                .bind(9, monitor.getCreatedAtMs())
                .bind(10, record.getRecordedAtMs())
                .bind(11, record.getVersion())
                .bind(12, "DELETED".equals(record.getStatus()));
    }
}
