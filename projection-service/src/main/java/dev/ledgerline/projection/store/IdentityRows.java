package dev.ledgerline.projection.store;

import java.util.List;
import java.util.stream.Collectors;

import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.wire.v1.IdentityRecord;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes {@code ledger.identities} records into {@code identities}, inside the projection's batch transaction
 * ({@link ProjectionWriter}). Identity records are rare, so each is one statement, in log order; a row only moves
 * forward to a higher {@code version}, so a redelivered record changes nothing. Values are stored as the topic holds
 * them: personal fields stay sealed.
 */
final class IdentityRows {

    private static final List<IdentityField> FIELDS = List.of(IdentityField.values());
    private static final String UPSERT = upsert();

    private IdentityRows() {
    }

    static Mono<Void> upsert(Connection connection, List<IdentityRecord> records) {
        return Flux.fromIterable(records)
                .concatMap(record -> Flux.from(statement(connection, record).execute()).flatMap(Result::getRowsUpdated))
                .then();
    }

    private static String upsert() {
        String columns = FIELDS.stream().map(IdentityField::wire).collect(Collectors.joining(", "));
        StringBuilder values = new StringBuilder("$1");
        for (int i = 0; i < FIELDS.size(); i++) {
            values.append(", $").append(i + 2);
        }
        int next = FIELDS.size() + 2;
        String updates = FIELDS.stream().map(f -> f.wire() + " = EXCLUDED." + f.wire()).collect(Collectors.joining(", "));
        return "INSERT INTO identities (identity_id, " + columns + ", dob, meta_data, tokenized_fields, created_at,"
                + " updated_at, version, deleted) VALUES (" + values
                + ", TIMESTAMPTZ 'epoch' + $" + next + " * INTERVAL '1 millisecond'"
                + ", $" + (next + 1) + "::jsonb, $" + (next + 2) + "::jsonb"
                + ", TIMESTAMPTZ 'epoch' + $" + (next + 3) + " * INTERVAL '1 millisecond'"
                + ", TIMESTAMPTZ 'epoch' + $" + (next + 4) + " * INTERVAL '1 millisecond'"
                + ", $" + (next + 5) + ", $" + (next + 6) + ")"
                + " ON CONFLICT (identity_id) DO UPDATE SET " + updates + ", dob = EXCLUDED.dob,"
                + " meta_data = EXCLUDED.meta_data, tokenized_fields = EXCLUDED.tokenized_fields,"
                + " updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, deleted = EXCLUDED.deleted"
                + " WHERE identities.version < EXCLUDED.version";
    }

    private static Statement statement(Connection connection, IdentityRecord record) {
        Statement statement = connection.createStatement(UPSERT).bind(0, record.getIdentityId());
        int index = 1;
        for (IdentityField field : FIELDS) {
            statement.bind(index++, record.getFields().getOrDefault(field.wire(), ""));
        }
        if (record.getDobMs() == null) {
            statement.bindNull(index++, Long.class);
        } else {
            statement.bind(index++, record.getDobMs());
        }
        statement.bind(index++, record.getMetaDataJson());
        statement.bind(index++, tokenizedJson(record.getTokenizedFields()));
        statement.bind(index++, record.getCreatedAtMs());
        statement.bind(index++, record.getUpdatedAtMs());
        statement.bind(index++, record.getVersion());
        statement.bind(index, record.getDeleted());
        return statement;
    }

    /** Struct names only ({@code [A-Za-z]+}), so a plain join is valid JSON. */
    private static String tokenizedJson(List<String> names) {
        return names.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
