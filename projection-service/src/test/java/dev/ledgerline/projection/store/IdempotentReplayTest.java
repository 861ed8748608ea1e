package dev.ledgerline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import dev.ledgerline.projection.Events;
import dev.ledgerline.projection.replay.Replay;
import dev.ledgerline.projection.replay.Replay.TableDigest;
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

/**
 * Exactly-once application of each entry, proved by comparison: one schema receives the events once
 * and in order; another receives them the way a consumer can after crashes (the same batch twice, an
 * older entry version after a newer one, and a batch redelivered after the database committed but
 * before the offsets were committed). Every table's digest must match.
 */
class IdempotentReplayTest {

    private static final BigInteger TEN = BigInteger.TEN;

    private static EmbeddedPostgres postgres;
    private static ConnectionFactory plain;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        plain = factory(null);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    private static ConnectionFactory factory(String schema) {
        PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("postgres");
        if (schema != null) {
            builder.schema(schema);
        }
        return new PostgresqlConnectionFactory(builder.build());
    }

    private static ProjectionWriter writerIn(String schema) {
        ConnectionFactory connections = factory(schema);
        ProjectionSchema.initialize(connections, schema);
        return new ProjectionWriter(connections);
    }

    // the log: a ledger, balance A (versions 0..3), balance B (0..1), a transaction and its outcome
    private static final LedgerRecord LEDGER = Events.ledger("ldg_idem", "Idempotency");
    private static final PositionedEntry A0 = at(Events.open("bln_a", null, "USD"), 0, 0);
    private static final PositionedEntry A1 = at(Events.entry("bln_a", 1, EntryKind.CREDIT, null, "USD", TEN, TEN, BigInteger.ZERO), 0, 1);
    private static final PositionedEntry A2 = at(Events.entry("bln_a", 2, EntryKind.DEBIT, null, "USD", BigInteger.ONE, TEN, BigInteger.ONE), 0, 2);
    private static final PositionedEntry A3 = at(Events.entry("bln_a", 3, EntryKind.CREDIT, null, "USD", TEN, TEN.add(TEN), BigInteger.ONE), 0, 3);
    private static final PositionedEntry B0 = at(Events.open("bln_b", "@Fees", "USD"), 4, 0);
    private static final PositionedEntry B1 = at(Events.entry("bln_b", 1, EntryKind.CREDIT, "@Fees", "USD", BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO), 4, 1);
    private static final TransactionRecord QUEUED = Events.transaction("txn_1", "ref_1").build();
    private static final TransactionRecord APPLIED = Events.transaction("txn_1_q", "ref_1_q")
            .setParentTransaction("txn_1").setStatus("APPLIED").build();

    // balance monitors: one created then updated, one created then deleted (ledger.balance-monitors)
    private static final dev.ledgerline.wire.v1.BalanceMonitorSpec WATCH = new dev.ledgerline.wire.v1.BalanceMonitorSpec(
            "mon_a", "bln_a", "balance", ">", "10.5", 100L, "1050", false, "", 1L);
    private static final dev.ledgerline.wire.v1.BalanceMonitorRecord M1_CREATED = monitorRecord(WATCH, "CREATED", 0);
    private static final dev.ledgerline.wire.v1.BalanceMonitorRecord M1_UPDATED = monitorRecord(
            dev.ledgerline.wire.v1.BalanceMonitorSpec.newBuilder(WATCH).setOperator("=").setDescription("x").build(),
            "UPDATED", 1);
    private static final dev.ledgerline.wire.v1.BalanceMonitorRecord M2_CREATED = monitorRecord(
            dev.ledgerline.wire.v1.BalanceMonitorSpec.newBuilder(WATCH).setMonitorId("mon_b").build(), "CREATED", 0);
    private static final dev.ledgerline.wire.v1.BalanceMonitorRecord M2_DELETED = monitorRecord(
            dev.ledgerline.wire.v1.BalanceMonitorSpec.newBuilder(WATCH).setMonitorId("mon_b").build(), "DELETED", 1);

    private static dev.ledgerline.wire.v1.BalanceMonitorRecord monitorRecord(
            dev.ledgerline.wire.v1.BalanceMonitorSpec spec, String status, long version) {
        return new dev.ledgerline.wire.v1.BalanceMonitorRecord(spec, status, version, 10L + version);
    }

    private static ProjectionBatch monitors(dev.ledgerline.wire.v1.BalanceMonitorRecord... records) {
        return new ProjectionBatch(List.of(), List.of(), List.of(), List.of(), List.of(records));
    }

    // identities: one created, updated (sealed phone kept), then deleted (ledger.identities)
    private static final dev.ledgerline.wire.v1.IdentityRecord I_CREATED = dev.ledgerline.wire.v1.IdentityRecord
            .newBuilder().setIdentityId("idt_a").setFields(java.util.Map.of("phone_number", "seal:0a1b2c3d:AAAA"))
            .setDobMs(null).setMetaDataJson("{}").setTokenizedFields(List.of()).setCreatedAtMs(1L).setUpdatedAtMs(1L)
            .setVersion(0).setDeleted(false).build();
    private static final dev.ledgerline.wire.v1.IdentityRecord I_TOKENIZED = dev.ledgerline.wire.v1.IdentityRecord
            .newBuilder(I_CREATED).setTokenizedFields(List.of("PhoneNumber")).setUpdatedAtMs(2L).setVersion(1).build();
    private static final dev.ledgerline.wire.v1.IdentityRecord I_DELETED = dev.ledgerline.wire.v1.IdentityRecord
            .newBuilder(I_CREATED).setFields(java.util.Map.of()).setUpdatedAtMs(3L).setVersion(2).setDeleted(true)
            .build();
    private static final dev.ledgerline.wire.v1.IdentityRecord J_CREATED = dev.ledgerline.wire.v1.IdentityRecord
            .newBuilder(I_CREATED).setIdentityId("idt_b").setDobMs(631_152_000_000L).build();

    private static ProjectionBatch identities(dev.ledgerline.wire.v1.IdentityRecord... records) {
        return new ProjectionBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(records));
    }

    private static ProjectionBatch accounts(dev.ledgerline.wire.v1.AccountRecord... records) {
        return new ProjectionBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(records));
    }

    private static ProjectionBatch transactionMetadata(dev.ledgerline.wire.v1.TransactionMetadataRecord... records) {
        return new ProjectionBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(records));
    }

    private static final dev.ledgerline.wire.v1.TransactionMetadataRecord PATCH_1 =
            new dev.ledgerline.wire.v1.TransactionMetadataRecord("txn_1", "{\"a\":1}", 1L, 5L);
    private static final dev.ledgerline.wire.v1.TransactionMetadataRecord PATCH_2 =
            new dev.ledgerline.wire.v1.TransactionMetadataRecord("txn_1", "{\"a\":1,\"b\":2}", 2L, 6L);

    private static final dev.ledgerline.wire.v1.AccountRecord ACCOUNT = new dev.ledgerline.wire.v1.AccountRecord(
            "acc_1", "", "000000000001", "Blnk Bank", "USD", "ldg_1", "idt_1", "bln_1", "{\"k\":1}", 1_000L);

    private static PositionedEntry at(dev.ledgerline.wire.v1.BalanceEntry entry, int partition, long offset) {
        return new PositionedEntry(entry, partition, offset);
    }

    private static ProjectionBatch batch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                                         List<TransactionRecord> transactions) {
        return new ProjectionBatch(ledgers, entries, transactions);
    }

    @Test
    void redelivered_duplicated_and_reordered_batches_leave_exactly_the_rows_of_one_clean_delivery() {
        // given the log delivered once, in order, in one batch
        ProjectionWriter clean = writerIn("clean_once");
        clean.write(batch(List.of(LEDGER), List.of(A0, A1, A2, A3, B0, B1), List.of(QUEUED, APPLIED))).block();
        clean.write(monitors(M1_CREATED, M2_CREATED, M1_UPDATED, M2_DELETED)).block();
        clean.write(identities(I_CREATED, J_CREATED, I_TOKENIZED, I_DELETED)).block();
        clean.write(accounts(ACCOUNT)).block();
        clean.write(transactionMetadata(PATCH_1, PATCH_2)).block();

        // when another schema receives it the hard way
        ProjectionWriter messy = writerIn("messy_redelivered");
        ProjectionBatch first = batch(List.of(LEDGER), List.of(A0, A1), List.of(QUEUED));
        ProjectionBatch second = batch(List.of(), List.of(A2, B0), List.of(APPLIED));
        ProjectionBatch third = batch(List.of(), List.of(A3, B1), List.of());
        messy.write(first).block();
        // crash after the database committed `second` but before its offsets were committed:
        // the restarted consumer resumes at `second`'s first offset and polls it together with `third`
        messy.write(second).block();
        messy.write(concat(second, third)).block();
        // the same batch twice
        messy.write(third).block();
        // an older version after a newer one, across batches and inside one batch (newest first)
        messy.write(batch(List.of(), List.of(A1), List.of())).block();
        messy.write(batch(List.of(LEDGER), List.of(A3, A2, A0, B1, B0), List.of(APPLIED, QUEUED))).block();
        // monitor records: in order, then redelivered, then an older version after the newer one
        messy.write(monitors(M1_CREATED, M2_CREATED)).block();
        messy.write(monitors(M1_CREATED, M1_UPDATED, M2_DELETED)).block();
        messy.write(monitors(M2_CREATED, M1_CREATED)).block();
        // identity records: the deletion first, then the older versions delivered again
        messy.write(identities(I_CREATED, I_TOKENIZED, I_DELETED)).block();
        messy.write(identities(J_CREATED, I_TOKENIZED, I_CREATED)).block();
        // an account record twice in one batch, then again
        messy.write(accounts(ACCOUNT, ACCOUNT)).block();
        messy.write(accounts(ACCOUNT)).block();
        // metadata patches: the newer first, then the older one and the newer one again
        messy.write(transactionMetadata(PATCH_2)).block();
        messy.write(transactionMetadata(PATCH_1, PATCH_2, PATCH_1)).block();

        // then every table is identical to the clean delivery
        List<TableDigest> digests = Replay.compare(plain, "clean_once", "messy_redelivered");
        assertThat(digests).hasSize(Replay.TABLES.size()).allSatisfy(t -> assertThat(t.identical()).as(t.toString()).isTrue());
        assertThat(digests).extracting(TableDigest::replayRows).containsExactly(2L, 2L, 6L, 2L, 0L, 0L, 2L, 2L, 1L, 1L);
    }

    @Test
    void a_newer_version_applied_first_is_never_overwritten_by_an_older_one() {
        ProjectionWriter writer = writerIn("newest_first");

        writer.write(batch(List.of(), List.of(A3), List.of())).block();
        writer.write(batch(List.of(), List.of(A2), List.of())).block();
        writer.write(batch(List.of(), List.of(A0, A1), List.of())).block();

        List<TableDigest> digests = Replay.compare(plain, "newest_first", "newest_first");
        assertThat(digests.get(1).replayRows()).isEqualTo(1);
        ProjectionWriter reference = writerIn("reference_in_order");
        reference.write(batch(List.of(), List.of(A0, A1, A2, A3), List.of())).block();
        assertThat(Replay.compare(plain, "newest_first", "reference_in_order"))
                .filteredOn(t -> t.table().equals("balances") || t.table().equals("balance_entries"))
                .allSatisfy(t -> assertThat(t.identical()).as(t.toString()).isTrue());
    }

    @Test
    void a_different_row_is_reported_as_different() {
        ProjectionWriter left = writerIn("left_side");
        ProjectionWriter right = writerIn("right_side");
        left.write(batch(List.of(), List.of(A0, A1), List.of())).block();
        right.write(batch(List.of(), List.of(A0), List.of())).block();

        List<TableDigest> digests = Replay.compare(plain, "left_side", "right_side");

        assertThat(digests).filteredOn(t -> t.table().equals("balances")).singleElement()
                .satisfies(t -> {
                    assertThat(t.identical()).isFalse();
                    assertThat(t.liveRows()).isEqualTo(t.replayRows());
                });
        assertThat(digests).filteredOn(t -> t.table().equals("ledgers")).singleElement()
                .satisfies(t -> assertThat(t.identical()).isTrue());
    }

    private static ProjectionBatch concat(ProjectionBatch a, ProjectionBatch b) {
        List<LedgerRecord> ledgers = new ArrayList<>(a.ledgers());
        ledgers.addAll(b.ledgers());
        List<PositionedEntry> entries = new ArrayList<>(a.entries());
        entries.addAll(b.entries());
        List<TransactionRecord> transactions = new ArrayList<>(a.transactions());
        transactions.addAll(b.transactions());
        return new ProjectionBatch(ledgers, entries, transactions);
    }
}
