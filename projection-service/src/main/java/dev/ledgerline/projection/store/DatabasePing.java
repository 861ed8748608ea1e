package dev.ledgerline.projection.store;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code select 1}: the cheapest proof that PostgreSQL answers. */
@Component
public class DatabasePing {

    private final DatabaseClient db;

    public DatabasePing(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Integer> ping() {
        return db.sql("SELECT 1").map(row -> row.get(0, Integer.class)).one();
    }
}
