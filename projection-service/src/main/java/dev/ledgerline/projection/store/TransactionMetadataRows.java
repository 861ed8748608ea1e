package dev.ledgerline.projection.store;

import java.util.List;

import dev.ledgerline.wire.v1.TransactionMetadataRecord;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes {@code ledger.transaction-metadata} records into {@code transaction_metadata}, inside the projection's batch
 * transaction ({@link ProjectionWriter}). Each record holds every patch of its id merged, so only the highest version
 * is kept: a redelivered or older record changes nothing.
 */
final class TransactionMetadataRows {

    private static final String UPSERT = "INSERT INTO transaction_metadata (target_id, patch, version, patched_at)"
            + " VALUES ($1, $2::jsonb, $3, TIMESTAMPTZ 'epoch' + $4 * INTERVAL '1 millisecond')"
            + " ON CONFLICT (target_id) DO UPDATE SET patch = EXCLUDED.patch, version = EXCLUDED.version,"
            + " patched_at = EXCLUDED.patched_at WHERE transaction_metadata.version < EXCLUDED.version";

    private TransactionMetadataRows() {
    }

    static Mono<Void> upsert(Connection connection, List<TransactionMetadataRecord> records) {
        return Flux.fromIterable(records)
                .concatMap(record -> Flux.from(statement(connection, record).execute()).flatMap(Result::getRowsUpdated))
                .then();
    }

    private static Statement statement(Connection connection, TransactionMetadataRecord record) {
        return connection.createStatement(UPSERT)
                .bind(0, record.getTargetId())
                .bind(1, record.getPatchJson())
                .bind(2, record.getVersion())
                .bind(3, record.getPatchedAtMs());
    }
}
