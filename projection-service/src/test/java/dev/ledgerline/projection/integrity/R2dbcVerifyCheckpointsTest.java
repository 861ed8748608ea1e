package dev.ledgerline.projection.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import org.springframework.r2dbc.core.DatabaseClient;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The verifier's checkpoint survives a round trip through PostgreSQL; a later save rewrites only moved heads. */
class R2dbcVerifyCheckpointsTest {

    private static EmbeddedPostgres postgres;
    private static R2dbcVerifyCheckpoints store;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        ConnectionFactory connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("postgres").build());
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(connections).block();
        store = new R2dbcVerifyCheckpoints(DatabaseClient.create(connections));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    private static Verifier.Head head(long version, String hash) {
        return new Verifier.Head(version, hash, 0, 10 + version, "5", "7", "2", "0", "0", "0");
    }

    @Test
    void a_saved_checkpoint_loads_back_and_a_later_save_keeps_heads_that_did_not_move() {
        // given no checkpoint yet
        assertThat(store.load()).isEmpty();

        // when one is saved with two heads, then another in which only one head moved
        VerifyCheckpoint first = new VerifyCheckpoint(Map.of("ledger.entries/0", 12L, "ledger.seals/0", 3L),
                Map.of(0, new VerifyCheckpoint.SealLink(3, "s".repeat(64))),
                Map.of("bln_a", head(1, "a".repeat(64)), "bln_b", head(0, "b".repeat(64))),
                List.of(new VerifyCheckpoint.Pending("bln_a", 1, "a".repeat(64), 0, 11)));
        store.save(first, Set.of("bln_a", "bln_b"));
        VerifyCheckpoint second = new VerifyCheckpoint(Map.of("ledger.entries/0", 13L, "ledger.seals/0", 4L),
                Map.of(0, new VerifyCheckpoint.SealLink(4, "t".repeat(64))),
                Map.of("bln_a", head(2, "c".repeat(64)), "bln_b", head(0, "b".repeat(64))), List.of());
        store.save(second, Set.of("bln_a"));

        // then the second comes back whole: offsets, seals, both heads, nothing pending
        VerifyCheckpoint loaded = store.load().orElseThrow();
        assertThat(loaded.nextOffsets()).isEqualTo(second.nextOffsets());
        assertThat(loaded.lastSeals()).isEqualTo(second.lastSeals());
        assertThat(loaded.heads()).isEqualTo(second.heads());
        assertThat(loaded.unconfirmed()).isEmpty();
        assertThat(loaded.nextOffset("ledger.entries", 0)).isEqualTo(13);
        assertThat(loaded.nextOffset("ledger.entries", 5)).isZero();
    }
}
