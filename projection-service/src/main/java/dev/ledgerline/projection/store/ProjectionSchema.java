package dev.ledgerline.projection.store;

import java.time.Duration;
import java.util.regex.Pattern;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.springframework.core.io.ClassPathResource;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL schema the read model lives in. Every SQL statement of the projection uses
 * unqualified table names, so the schema is chosen by the connection's {@code search_path} (the
 * r2dbc-postgresql {@code schema} option, set from {@code ledgerline.projection.schema}); the
 * default is {@code public}, as before. The replay command uses the same mechanism to build a
 * second copy of the read model side by side with the live one.
 */
public final class ProjectionSchema {

    public static final String DEFAULT = "public";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ProjectionSchema() {
    }

    /** The name, checked: lower-case letters, digits and underscores only, so it can be written into SQL. */
    public static String checked(String schema) {
        if (schema == null || !NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("invalid schema name (want [a-z_][a-z0-9_]{0,62}): " + schema);
        }
        return schema;
    }

    /**
     * Creates {@code schema} when missing, then runs {@code schema.sql} (idempotent). The connections
     * of {@code connections} must already have {@code schema} first on their search_path.
     */
    public static void initialize(ConnectionFactory connections, String schema) {
        checked(schema);
        if (!DEFAULT.equals(schema)) {
            execute(connections, "CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(connections).block(TIMEOUT);
    }

    /** Runs one statement on a fresh connection and waits for it. */
    public static void execute(ConnectionFactory connections, String sql) {
        Mono.usingWhen(Mono.from(connections.create()),
                        connection -> Flux.from(connection.createStatement(sql).execute())
                                .flatMap(Result::getRowsUpdated).then(),
                        connection -> Mono.from(connection.close()))
                .block(TIMEOUT);
    }
}
