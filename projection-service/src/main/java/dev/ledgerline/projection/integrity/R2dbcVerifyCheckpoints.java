package dev.ledgerline.projection.integrity;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.r2dbc.core.DatabaseClient;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verifier's checkpoint in the projection's PostgreSQL: {@code verify_checkpoint} (one row: offsets, last seals,
 * entries no seal had bound) and {@code verify_heads} (one row per balance; a run rewrites only the balances whose
 * head moved). Both are written in one database transaction, so a checkpoint is never half saved.
 */
public final class R2dbcVerifyCheckpoints implements VerifyCheckpoint.Store {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CHUNK = 1000;

    private final DatabaseClient db;

    public R2dbcVerifyCheckpoints(DatabaseClient db) {
        this.db = db;
    }

    /** What the one state row holds. */
    record State(Map<String, Long> nextOffsets, Map<Integer, VerifyCheckpoint.SealLink> lastSeals,
                 List<VerifyCheckpoint.Pending> unconfirmed) {
    }

    @Override
    public Optional<VerifyCheckpoint> load() {
        Optional<String> state = db.sql("SELECT state::text AS state FROM verify_checkpoint WHERE id = 1")
                .map(row -> row.get("state", String.class)).one().blockOptional(TIMEOUT);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        State parsed = JSON.readValue(state.get(), new TypeReference<State>() { });
        Map<String, Verifier.Head> heads = new HashMap<>();
        db.sql("SELECT balance_id, head::text AS head FROM verify_heads")
                .map(row -> Map.entry(row.get("balance_id", String.class), row.get("head", String.class)))
                .all()
                .doOnNext(e -> heads.put(e.getKey(), JSON.readValue(e.getValue(), Verifier.Head.class)))
                .then().block(TIMEOUT);
        return Optional.of(new VerifyCheckpoint(parsed.nextOffsets(), parsed.lastSeals(), heads, parsed.unconfirmed()));
    }

    @Override
    public void save(VerifyCheckpoint checkpoint, Set<String> changedHeads) {
        String state = JSON.writeValueAsString(new State(checkpoint.nextOffsets(), checkpoint.lastSeals(),
                checkpoint.unconfirmed()));
        List<String> changed = new ArrayList<>(changedHeads);
        Mono.usingWhen(Mono.from(db.getConnectionFactory().create()),
                connection -> Mono.from(connection.beginTransaction())
                        .then(run(connection.createStatement("""
                                INSERT INTO verify_checkpoint (id, state, verified_at) VALUES (1, $1::jsonb, $2)
                                ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, verified_at = EXCLUDED.verified_at""")
                                .bind(0, state).bind(1, OffsetDateTime.now(ZoneOffset.UTC))))
                        .then(Flux.range(0, (changed.size() + CHUNK - 1) / CHUNK)
                                .concatMap(i -> run(upsertHeads(connection, checkpoint.heads(),
                                        changed.subList(i * CHUNK, Math.min(changed.size(), (i + 1) * CHUNK)))))
                                .then())
                        .then(Mono.from(connection.commitTransaction())),
                Connection::close,
                (connection, error) -> Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())),
                connection -> Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())))
                .block(TIMEOUT);
    }

    private static Statement upsertHeads(Connection connection, Map<String, Verifier.Head> heads, List<String> ids) {
        Statement statement = connection.createStatement("""
                INSERT INTO verify_heads (balance_id, head) VALUES ($1, $2::jsonb)
                ON CONFLICT (balance_id) DO UPDATE SET head = EXCLUDED.head""");
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                statement.add();
            }
            statement.bind(0, ids.get(i)).bind(1, JSON.writeValueAsString(heads.get(ids.get(i))));
        }
        return statement;
    }

    private static Mono<Void> run(Statement statement) {
        return Flux.from(statement.execute()).flatMap(result -> Mono.from(result.getRowsUpdated())).then();
    }
}
