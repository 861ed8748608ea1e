package dev.ledgerline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import dev.ledgerline.projection.Events;
import dev.ledgerline.projection.store.ProjectionBatch.PositionedEntry;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;

/** The writer against a real PostgreSQL, without Kafka or Spring: atomicity and idempotency of one batch. */
class ProjectionWriterTest {

    private static EmbeddedPostgres postgres;
    private static ProjectionWriter writer;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        ConnectionFactory connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("postgres").build());
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(connections).block();
        writer = new ProjectionWriter(connections);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void a_batch_with_one_unwritable_row_writes_nothing_at_all() throws Exception {
        // given a valid ledger and balance entry, plus a transaction whose meta_data is not JSON
        String ledgerId = "ldg_" + UUID.randomUUID();
        String balanceId = "bln_" + UUID.randomUUID();
        ProjectionBatch batch = new ProjectionBatch(
                List.of(Events.ledger(ledgerId, "Wallets")),
                List.of(new PositionedEntry(Events.open(balanceId, null, "USD"), 0, 0)),
                List.of(Events.transaction("txn_" + UUID.randomUUID(), "ref_" + UUID.randomUUID())
                        .setMetaDataJson("{not json").build()));

        // when
        assertThatThrownBy(() -> writer.write(batch).block()).isNotNull();

        // then the whole transaction rolled back
        assertThat(count("ledgers WHERE ledger_id = '" + ledgerId + "'")).isZero();
        assertThat(count("balances WHERE balance_id = '" + balanceId + "'")).isZero();
        assertThat(count("balance_entries WHERE balance_id = '" + balanceId + "'")).isZero();
    }

    @Test
    void writing_the_same_batch_twice_leaves_the_same_rows() throws Exception {
        // given a batch with several versions of one balance in one poll
        String balanceId = "bln_" + UUID.randomUUID();
        BigInteger fifty = BigInteger.valueOf(50);
        ProjectionBatch batch = new ProjectionBatch(List.of(), List.of(
                new PositionedEntry(Events.open(balanceId, "@Pool", "KES"), 3, 10),
                new PositionedEntry(Events.entry(balanceId, 1, EntryKind.CREDIT, "@Pool", "KES", fifty, fifty, BigInteger.ZERO), 3, 11),
                new PositionedEntry(Events.entry(balanceId, 2, EntryKind.DEBIT, "@Pool", "KES", fifty, fifty, fifty), 3, 12)),
                List.of());

        // when it is delivered, then redelivered
        writer.write(batch).block();
        writer.write(batch).block();

        // then
        assertThat(count("balance_entries WHERE balance_id = '" + balanceId + "'")).isEqualTo(3);
        assertThat(text("SELECT version || ':' || balance || ':' || debit_balance FROM balances WHERE balance_id = '" + balanceId + "'"))
                .isEqualTo("2:0:50");
        assertThat(text("SELECT topic_partition || '/' || topic_offset FROM balance_entries WHERE balance_id = '"
                + balanceId + "' AND version = 2")).isEqualTo("3/12");
    }

    @Test
    void a_ledger_with_empty_meta_data_is_stored_with_an_empty_object() throws Exception {
        String ledgerId = "ldg_" + UUID.randomUUID();
        LedgerRecord ledger = Events.ledger(ledgerId, "Plain");
        ledger.setMetaDataJson("");

        writer.write(new ProjectionBatch(List.of(ledger), List.of(), List.of())).block();

        assertThat(text("SELECT meta_data::text FROM ledgers WHERE ledger_id = '" + ledgerId + "'")).isEqualTo("{}");
    }

    private static long count(String fromWhere) throws Exception {
        return Long.parseLong(text("SELECT count(*) FROM " + fromWhere));
    }

    private static String text(String sql) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
