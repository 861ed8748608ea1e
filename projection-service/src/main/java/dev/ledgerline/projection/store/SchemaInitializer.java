package dev.ledgerline.projection.store;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates the read-model tables (and the General Ledger seed row) before anything reads or writes
 * them. Runs in the constructor so every bean that depends on it sees a ready schema; the script
 * is idempotent, so it runs on every start.
 */
@Component
public class SchemaInitializer {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    public SchemaInitializer(ConnectionFactory connectionFactory) {
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql"))
                .populate(connectionFactory)
                .block(TIMEOUT);
    }
}
