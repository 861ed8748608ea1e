package dev.ledgerline.projection.store;

import java.util.List;

import dev.ledgerline.wire.v1.AccountRecord;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes {@code ledger.accounts} records into {@code accounts}, inside the projection's batch transaction
 * ({@link ProjectionWriter}). Accounts are rare and written once, so each is one statement; a redelivered record
 * changes nothing (the number owner in the processor guarantees one account per number).
 */
final class AccountRows {

    private static final String INSERT = "INSERT INTO accounts (account_id, name, number, bank_name, currency,"
            + " ledger_id, identity_id, balance_id, meta_data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
            + " $9::jsonb, TIMESTAMPTZ 'epoch' + $10 * INTERVAL '1 millisecond') ON CONFLICT (account_id) DO NOTHING";

    private AccountRows() {
    }

    static Mono<Void> insert(Connection connection, List<AccountRecord> records) {
        return Flux.fromIterable(records)
                .concatMap(record -> Flux.from(statement(connection, record).execute()).flatMap(Result::getRowsUpdated))
                .then();
    }

    private static Statement statement(Connection connection, AccountRecord record) {
        return connection.createStatement(INSERT)
                .bind(0, record.getAccountId())
                .bind(1, record.getName())
                .bind(2, record.getNumber())
                .bind(3, record.getBankName())
                .bind(4, record.getCurrency())
                .bind(5, record.getLedgerId())
                .bind(6, record.getIdentityId())
                .bind(7, record.getBalanceId())
                .bind(8, record.getMetaDataJson())
                .bind(9, record.getCreatedAtMs());
    }
}
