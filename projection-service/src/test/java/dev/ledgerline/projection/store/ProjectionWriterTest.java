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
import dev.ledgerline.wire.v1.TransactionRecord;
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
    void the_waiting_table_is_vacuumed_after_a_few_thousand_dead_rows_not_after_a_fifth_of_itself() throws Exception {
        // given the schema the service creates at start
        // when PostgreSQL is asked for the waiting table's storage options
        String options = text("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'waiting_transactions'");

        // then its rows, which live for milliseconds, have their own autovacuum trigger, unthrottled
        assertThat(options).contains("autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=2000",
                "autovacuum_vacuum_cost_delay=0");
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
    void amounts_beyond_64_bits_millisecond_times_and_nulls_are_stored_exactly() throws Exception {
        // given an entry and a transaction with amounts far beyond a long, and a rejected transaction with its reason
        String balanceId = "bln_" + UUID.randomUUID();
        BigInteger huge = new BigInteger("123456789012345678901234567890123456789");
        String txnId = "txn_" + UUID.randomUUID();
        String rejectedId = "txn_" + UUID.randomUUID();
        ProjectionBatch batch = new ProjectionBatch(List.of(), List.of(
                new PositionedEntry(Events.open(balanceId, null, "USD"), 1, 1),
                new PositionedEntry(Events.entry(balanceId, 1, EntryKind.CREDIT, null, "USD", huge, huge, BigInteger.ZERO), 1, 2)),
                List.of(Events.transaction(txnId, "ref_" + txnId).setPreciseAmount(huge.toString())
                                .setEffectiveDateMs(Events.CREATED_AT_MS + 7).build(),
                        Events.transaction(rejectedId, "ref_" + rejectedId).setStatus("REJECTED")
                                .setRejectionCode("INSUFFICIENT_FUNDS").setRejectionMessage("insufficient funds").build()));

        // when
        writer.write(batch).block();

        // then every value reads back as written
        assertThat(text("SELECT balance || '|' || credit_balance || '|' || coalesce(indicator, 'null') || '|' || version"
                + " FROM balances WHERE balance_id = '" + balanceId + "'")).isEqualTo(huge + "|" + huge + "|null|1");
        assertThat(text("SELECT amount || '|' || transaction_id || '|' || (extract(epoch FROM recorded_at) * 1000)::bigint"
                + " FROM balance_entries WHERE balance_id = '" + balanceId + "' AND version = 1"))
                .isEqualTo(huge + "|txn_" + balanceId + "_1|" + (Events.CREATED_AT_MS + 1));
        assertThat(text("SELECT coalesce(transaction_id, 'null') FROM balance_entries WHERE balance_id = '" + balanceId
                + "' AND version = 0")).isEqualTo("null");
        assertThat(text("SELECT precise_amount || '|' || (extract(epoch FROM effective_date) * 1000)::bigint || '|'"
                + " || coalesce(rejection_code, 'null') FROM transactions WHERE transaction_id = '" + txnId + "'"))
                .isEqualTo(huge + "|" + (Events.CREATED_AT_MS + 7) + "|null");
        assertThat(text("SELECT rejection_code || '|' || rejection_message FROM transactions WHERE transaction_id = '"
                + rejectedId + "'")).isEqualTo("INSUFFICIENT_FUNDS|insufficient funds");
    }

    @Test
    void a_ledger_with_empty_meta_data_is_stored_with_an_empty_object() throws Exception {
        String ledgerId = "ldg_" + UUID.randomUUID();
        LedgerRecord ledger = Events.ledger(ledgerId, "Plain");
        ledger.setMetaDataJson("");

        writer.write(new ProjectionBatch(List.of(ledger), List.of(), List.of())).block();

        assertThat(text("SELECT meta_data::text FROM ledgers WHERE ledger_id = '" + ledgerId + "'")).isEqualTo("{}");
    }

    @Test
    void the_schema_upgrades_a_v1_database_and_runs_again_without_effect() throws Exception {
        // given a database whose transactions table has the v1 columns only
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE v1_upgrade");
        }
        try (Connection connection = postgres.getDatabase("postgres", "v1_upgrade").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE transactions (transaction_id TEXT PRIMARY KEY, parent_transaction TEXT NOT NULL DEFAULT '',
                        reference TEXT NOT NULL UNIQUE, source TEXT NOT NULL, destination TEXT NOT NULL,
                        precise_amount NUMERIC NOT NULL, precision BIGINT NOT NULL, currency TEXT NOT NULL,
                        description TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, rejection_code TEXT NULL,
                        rejection_message TEXT NULL, allow_overdraft BOOLEAN NOT NULL DEFAULT FALSE,
                        inflight BOOLEAN NOT NULL DEFAULT FALSE, overdraft_limit NUMERIC NOT NULL DEFAULT 0,
                        meta_data JSONB NOT NULL DEFAULT '{}'::jsonb, created_at TIMESTAMPTZ NOT NULL,
                        effective_date TIMESTAMPTZ NULL, hash TEXT NOT NULL);
                    INSERT INTO transactions (transaction_id, reference, source, destination, precise_amount, precision,
                        currency, status, created_at, hash)
                    VALUES ('txn_old', 'ref_old', '@World', 'bln_x', 1, 100, 'USD', 'QUEUED', now(), 'h'),
                           ('txn_done', 'ref_done', '@World', 'bln_x', 1, 100, 'USD', 'QUEUED', now(), 'h');
                    INSERT INTO transactions (transaction_id, parent_transaction, reference, source, destination,
                        precise_amount, precision, currency, status, created_at, hash)
                    VALUES ('txn_done_q', 'txn_done', 'ref_done_q', '@World', 'bln_x', 1, 100, 'USD', 'APPLIED', now(), 'h')""");
        }
        ConnectionFactory v1 = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("v1_upgrade").build());

        // when the current schema runs at two consecutive starts
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(v1).block();
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(v1).block();

        // then the v2 columns exist and the old row reads with their defaults
        try (Connection connection = postgres.getDatabase("postgres", "v1_upgrade").getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT source_balance_id || '|' || destination_balance_id || '|' || skip_queue || '|'
                            || coalesce(scheduled_for::text, 'null') || '|' || coalesce(inflight_expiry_date::text, 'null')
                            || '|' || coalesce(inflight_commit_date::text, 'null')
                     FROM transactions WHERE transaction_id = 'txn_old'""")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("||false|null|null|null");
        }
        // and only the QUEUED row without an outcome waits (v4), moved over once although the script ran twice
        try (Connection connection = postgres.getDatabase("postgres", "v1_upgrade").getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT string_agg(transaction_id, ',' ORDER BY transaction_id) FROM waiting_transactions")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("txn_old");
        }
    }

    @Test
    void the_schema_moves_a_v3_database_to_the_waiting_table() throws Exception {
        // given a v3 database: QUEUED rows flagged with has_outcome, one of them still waiting
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE v3_upgrade");
        }
        ConnectionFactory v3 = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("v3_upgrade").build());
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(v3).block();
        try (Connection connection = postgres.getDatabase("postgres", "v3_upgrade").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    DROP TABLE waiting_transactions;
                    DROP TABLE projection_schema_version;
                    ALTER TABLE transactions ADD COLUMN has_outcome BOOLEAN NOT NULL DEFAULT FALSE;
                    CREATE INDEX transactions_waiting ON transactions (created_at) WHERE status = 'QUEUED' AND NOT has_outcome;
                    INSERT INTO transactions (transaction_id, reference, source, destination, precise_amount, precision,
                        currency, status, created_at, hash, source_balance_id, destination_balance_id, has_outcome)
                    VALUES ('txn_wait', 'ref_wait', '@World', 'bln_x', 7, 100, 'USD', 'QUEUED', now(), 'h', 'bln_w', 'bln_x', false),
                           ('txn_done', 'ref_done', '@World', 'bln_x', 1, 100, 'USD', 'QUEUED', now(), 'h', 'bln_w', 'bln_x', true);
                    INSERT INTO transactions (transaction_id, parent_transaction, reference, source, destination,
                        precise_amount, precision, currency, status, created_at, hash)
                    VALUES ('txn_done_q', 'txn_done', 'ref_done_q', '@World', 'bln_x', 1, 100, 'USD', 'APPLIED', now(), 'h')""");
        }

        // when the current schema runs
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).populate(v3).block();

        // then the waiting row moved with its amount and balances, and the flag and its index are gone
        try (Connection connection = postgres.getDatabase("postgres", "v3_upgrade").getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT (SELECT string_agg(transaction_id || ':' || source_balance_id || '>' || destination_balance_id
                                 || '=' || precise_amount, ',') FROM waiting_transactions)
                            || '|' || (SELECT count(*) FROM information_schema.columns
                                       WHERE table_name = 'transactions' AND column_name = 'has_outcome')
                            || '|' || (SELECT count(*) FROM pg_indexes WHERE indexname = 'transactions_waiting')""")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("txn_wait:bln_w>bln_x=7|0|0");
        }
    }

    @Test
    void a_v2_transaction_keeps_its_balance_ids_flags_and_deadlines() throws Exception {
        String id = "txn_" + UUID.randomUUID();
        writer.write(new ProjectionBatch(List.of(), List.of(), List.of(Events.transaction(id, "ref_" + id)
                .setSourceBalanceId("bln_s").setDestinationBalanceId("bln_d").setSkipQueue(true)
                .setScheduledForMs(0L).setInflightExpiryMs(1_000L).setInflightCommitMs(null).build()))).block();

        assertThat(text("SELECT source_balance_id || destination_balance_id || skip_queue || '|'"
                + " || (extract(epoch FROM scheduled_for) * 1000)::bigint || '|'"
                + " || (extract(epoch FROM inflight_expiry_date) * 1000)::bigint || '|'"
                + " || coalesce(inflight_commit_date::text, 'null') FROM transactions WHERE transaction_id = '" + id + "'"))
                .isEqualTo("bln_sbln_dtrue|0|1000|null");
    }

    @Test
    void a_queued_row_stops_waiting_once_its_outcome_is_written_in_a_later_batch_the_same_batch_either_way_or_first() {
        // given three QUEUED records and their APPLIED outcomes, written in three orders, and one with no outcome yet
        String later = "txn_" + UUID.randomUUID();
        String same = "txn_" + UUID.randomUUID();
        String sameOutcomeFirst = "txn_" + UUID.randomUUID();
        String reversed = "txn_" + UUID.randomUUID();
        String waiting = "txn_" + UUID.randomUUID();

        // when they are written
        write(queued(later));
        write(outcomeOf(later));
        write(queued(same), outcomeOf(same));
        write(outcomeOf(sameOutcomeFirst), queued(sameOutcomeFirst));
        write(outcomeOf(reversed));
        write(queued(reversed));
        write(queued(waiting));

        // then only the QUEUED row without an outcome still waits, and an outcome never waits
        assertThat(waits(later)).isFalse();
        assertThat(waits(same)).isFalse();
        assertThat(waits(sameOutcomeFirst)).isFalse();
        assertThat(waits(reversed)).isFalse();
        assertThat(waits(waiting)).isTrue();
        assertThat(waits(later + "_q")).isFalse();
    }

    @Test
    void redelivering_a_queued_record_after_its_outcome_does_not_make_it_wait_again() {
        String id = "txn_" + UUID.randomUUID();
        write(queued(id), outcomeOf(id));

        write(queued(id));

        assertThat(waits(id)).isFalse();
    }

    @Test
    void redelivering_a_waiting_queued_record_keeps_one_waiting_row() throws Exception {
        String id = "txn_" + UUID.randomUUID();
        write(queued(id));

        write(queued(id));

        assertThat(text("SELECT count(*) FROM waiting_transactions WHERE transaction_id = '" + id + "'")).isEqualTo("1");
    }

    private static TransactionRecord queued(String id) {
        return Events.transaction(id, "ref_" + id).build();
    }

    private static TransactionRecord outcomeOf(String id) {
        return Events.transaction(id + "_q", "ref_" + id + "_q").setParentTransaction(id).setStatus("APPLIED").build();
    }

    private static void write(TransactionRecord... records) {
        writer.write(new ProjectionBatch(List.of(), List.of(), List.of(records))).block();
    }

    private static boolean waits(String id) {
        try {
            return "1".equals(text("SELECT count(*) FROM waiting_transactions WHERE transaction_id = '" + id + "'"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
