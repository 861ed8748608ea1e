package dev.ledgerline.projection.integrity;

import java.time.Duration;
import java.util.Optional;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * One verification at a time across processes: the HTTP endpoint of every projection-service instance and the
 * {@code dev/verify.sh} command take the same PostgreSQL advisory lock for the length of a run. It is a
 * transaction-level lock ({@code pg_try_advisory_xact_lock}) on a connection of its own, held in an open
 * transaction: it ends with that transaction, or with the connection if the process dies.
 */
final class VerificationLock implements AutoCloseable {

    static final String BUSY = "a verification is already running; try again when it has finished";
    /** "LLVERIFY" as a number: any constant both sides share. */
    private static final long KEY = 0x4c4c564552494659L;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;

    private VerificationLock(Connection connection) {
        this.connection = connection;
    }

    /** The lock, or empty when another verification holds it. Blocks: call it off the event loop. */
    static Optional<VerificationLock> tryAcquire(ConnectionFactory connections) {
        Connection connection = Mono.from(connections.create()).block(TIMEOUT);
        boolean held = false;
        try {
            Mono.from(connection.beginTransaction()).block(TIMEOUT);
            Boolean acquired = Mono.from(connection.createStatement("SELECT pg_try_advisory_xact_lock(" + KEY + ") AS held")
                            .execute())
                    .flatMap(result -> Mono.from(result.map((row, meta) -> row.get("held", Boolean.class))))
                    .block(TIMEOUT);
            held = Boolean.TRUE.equals(acquired);
            return held ? Optional.of(new VerificationLock(connection)) : Optional.empty();
        } finally {
            if (!held) {
                release(connection);
            }
        }
    }

    @Override
    public void close() {
        release(connection);
    }

    private static void release(Connection connection) {
        Mono.from(connection.rollbackTransaction()).onErrorResume(e -> Mono.empty())
                .then(Mono.from(connection.close())).onErrorResume(e -> Mono.empty()).block(TIMEOUT);
    }
}
