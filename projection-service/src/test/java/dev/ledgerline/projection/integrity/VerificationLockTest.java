package dev.ledgerline.projection.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The lock that keeps verifications of every process (endpoint instances, dev/verify.sh) one at a time. */
class VerificationLockTest {

    private static EmbeddedPostgres postgres;
    private static ConnectionFactory connections;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("postgres").build());
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void a_second_verification_is_refused_while_one_holds_the_lock_and_admitted_after() {
        // given one verification holding the lock (through a connection of its own, as another process would)
        Optional<VerificationLock> first = VerificationLock.tryAcquire(connections);
        assertThat(first).isPresent();

        // when a second one asks, it is refused
        assertThat(VerificationLock.tryAcquire(connections)).isEmpty();

        // then once the first has finished, the next one gets it
        first.get().close();
        Optional<VerificationLock> next = VerificationLock.tryAcquire(connections);
        assertThat(next).isPresent();
        next.get().close();
    }
}
