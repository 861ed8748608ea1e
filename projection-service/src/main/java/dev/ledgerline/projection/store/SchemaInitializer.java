package dev.ledgerline.projection.store;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the read-model tables (and the General Ledger seed row) before anything reads or writes
 * them. Runs in the constructor so every bean that depends on it sees a ready schema; the script
 * is idempotent, so it runs on every start. The PostgreSQL schema is {@code ledgerline.projection.schema}
 * (default {@code public}), created when missing; see {@link ProjectionSchema}.
 */
@Component
public class SchemaInitializer {

    public SchemaInitializer(ConnectionFactory connectionFactory,
                             @Value("${ledgerline.projection.schema:public}") String schema) {
        ProjectionSchema.initialize(connectionFactory, schema);
    }
}
