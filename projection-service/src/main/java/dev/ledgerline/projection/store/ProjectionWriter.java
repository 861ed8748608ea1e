package dev.ledgerline.projection.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

import dev.ledgerline.projection.store.ProjectionBatch.PositionedEntry;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes one {@link ProjectionBatch} atomically. The rows of the event tables (ledgers, entries, balances,
 * transactions, waiting rows, seals) go in ONE statement of data-modifying CTEs, one per table, whose parameters are
 * arrays (one per column) that {@code unnest()} turns back into rows. A batch that holds only those (every batch of
 * transfers) is that statement alone, atomic without BEGIN and COMMIT; a batch with rarer records (monitors,
 * identities, accounts, metadata patches) runs it and their statements in one database transaction. Every write is
 * idempotent, so a batch redelivered after a crash (DB committed, Kafka offsets not yet) changes nothing: inserts
 * ignore conflicts, and a balance row only moves forward to a higher {@code version}.
 */
@Component
public class ProjectionWriter {

    // Each statement writes every row of its table in the batch at once: the rows travel as one array per column and
    // unnest() turns them back into rows. One statement instead of one execution per row (the driver then sent, and
    // PostgreSQL planned and ran, a bind and execute per row: most of the projection's and the database's CPU).
    // Money travels as text and is cast to NUMERIC (exact, any size); times as epoch milliseconds.
    private static final String MS = "TIMESTAMPTZ 'epoch' + %s * INTERVAL '1 millisecond'";

    // A ledger's record is the whole ledger at its version (0 = created; renames and meta_data patches count up): the
    // newest wins, whatever order a redelivery brings. The batch holds one row per ledger, as DO UPDATE requires.
    private static final String INSERT_LEDGER = """
            INSERT INTO ledgers (ledger_id, name, meta_data, created_at, version)
            SELECT u.id, u.name, u.meta::jsonb, %s, u.version
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[]) AS u(id, name, meta, created_ms, version)
            ON CONFLICT (ledger_id) DO UPDATE SET
                name = EXCLUDED.name,
                meta_data = EXCLUDED.meta_data,
                version = EXCLUDED.version
            WHERE ledgers.version < EXCLUDED.version""".formatted(MS.formatted("u.created_ms"));

    private static final String INSERT_ENTRY = """
            INSERT INTO balance_entries (balance_id, version, kind, transaction_id, amount, balance,
                credit_balance, debit_balance, inflight_balance, inflight_credit_balance,
                inflight_debit_balance, prev_hash, hash, recorded_at, effective_at, topic_partition, topic_offset)
            SELECT u.balance_id, u.version, u.kind, u.transaction_id, u.amount::numeric, u.balance::numeric,
                u.credit::numeric, u.debit::numeric, u.inflight::numeric, u.inflight_credit::numeric,
                u.inflight_debit::numeric, u.prev_hash, u.hash, %s, %s, u.topic_partition, u.topic_offset
            FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int8[], $15::int8[], $16::int4[],
                $17::int8[])
                AS u(balance_id, version, kind, transaction_id, amount, balance, credit, debit, inflight, inflight_credit,
                     inflight_debit, prev_hash, hash, recorded_ms, effective_ms, topic_partition, topic_offset)
            ON CONFLICT (balance_id, version) DO NOTHING""".formatted(MS.formatted("u.recorded_ms"),
            MS.formatted("u.effective_ms"));

    // ledger_id, indicator, currency and created_at never change after OPEN, so they are not updated. The batch holds
    // one row per balance (its newest entry), as ON CONFLICT DO UPDATE requires.
    private static final String UPSERT_BALANCE = """
            INSERT INTO balances (balance_id, ledger_id, identity_id, indicator, currency, balance,
                credit_balance, debit_balance, inflight_balance, inflight_credit_balance,
                inflight_debit_balance, version, head_hash, created_at, meta_data, updated_at, allocation_strategy)
            SELECT u.balance_id, u.ledger_id, u.identity_id, u.indicator, u.currency, u.balance::numeric,
                u.credit::numeric, u.debit::numeric, u.inflight::numeric, u.inflight_credit::numeric,
                u.inflight_debit::numeric, u.version, u.head_hash, %s, u.meta::jsonb, %s, u.allocation_strategy
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::int8[], $13::text[], $14::int8[], $15::text[], $16::int8[],
                $17::text[])
                AS u(balance_id, ledger_id, identity_id, indicator, currency, balance, credit, debit, inflight,
                     inflight_credit, inflight_debit, version, head_hash, created_ms, meta, updated_ms,
                     allocation_strategy)
            ON CONFLICT (balance_id) DO UPDATE SET
                -- a balance never stops tracking fund lineage: an entry without the strategy keeps it
                allocation_strategy = COALESCE(EXCLUDED.allocation_strategy, balances.allocation_strategy),
                identity_id = EXCLUDED.identity_id,
                balance = EXCLUDED.balance,
                credit_balance = EXCLUDED.credit_balance,
                debit_balance = EXCLUDED.debit_balance,
                inflight_balance = EXCLUDED.inflight_balance,
                inflight_credit_balance = EXCLUDED.inflight_credit_balance,
                inflight_debit_balance = EXCLUDED.inflight_debit_balance,
                version = EXCLUDED.version,
                head_hash = EXCLUDED.head_hash,
                meta_data = EXCLUDED.meta_data,
                updated_at = EXCLUDED.updated_at
            WHERE balances.version < EXCLUDED.version""".formatted(MS.formatted("u.created_ms"),
            MS.formatted("u.updated_ms"));

    // No conflict target: a repeated transaction_id or reference is the same record redelivered.
    private static final String INSERT_TRANSACTION = """
            INSERT INTO transactions (transaction_id, parent_transaction, reference, source, destination,
                precise_amount, precision, currency, description, status, rejection_code, rejection_message,
                allow_overdraft, inflight, overdraft_limit, meta_data, created_at, effective_date, hash,
                source_balance_id, destination_balance_id, skip_queue, scheduled_for, inflight_expiry_date,
                inflight_commit_date)
            SELECT u.id, u.parent, u.reference, u.source, u.destination, u.amount::numeric, u.precision, u.currency,
                u.description, u.status, u.rejection_code, u.rejection_message, u.allow_overdraft, u.inflight,
                u.overdraft_limit::numeric, u.meta::jsonb, %s, %s, u.hash, u.source_balance_id,
                u.destination_balance_id, u.skip_queue, %s, %s, %s
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::text[], $13::bool[], $14::bool[], $15::text[], $16::text[],
                $17::int8[], $18::int8[], $19::text[], $20::text[], $21::text[], $22::bool[], $23::int8[], $24::int8[],
                $25::int8[])
                AS u(id, parent, reference, source, destination, amount, precision, currency, description, status,
                     rejection_code, rejection_message, allow_overdraft, inflight, overdraft_limit, meta, created_ms,
                     effective_ms, hash, source_balance_id, destination_balance_id, skip_queue, scheduled_ms,
                     expiry_ms, commit_ms)
            ON CONFLICT DO NOTHING""".formatted(MS.formatted("u.created_ms"), MS.formatted("u.effective_ms"),
            MS.formatted("u.scheduled_ms"), MS.formatted("u.expiry_ms"), MS.formatted("u.commit_ms"));

    // A QUEUED record waits until a record names it as parent (its outcome, of any status). An outcome projected
    // before it (a redelivery) keeps it out here; one in the same batch keeps it out of the rows bound at all
    // (waitingRows), since every part of the one statement sees the tables as they were before it.
    private static final String INSERT_WAITING = """
            INSERT INTO waiting_transactions (transaction_id, source_balance_id, destination_balance_id,
                precise_amount, created_at)
            SELECT u.id, u.source_balance_id, u.destination_balance_id, u.amount::numeric, %s
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[])
                AS u(id, source_balance_id, destination_balance_id, amount, created_ms)
            WHERE NOT EXISTS (SELECT 1 FROM transactions c WHERE c.parent_transaction = u.id)
            ON CONFLICT DO NOTHING""".formatted(MS.formatted("u.created_ms"));

    // An outcome ends the wait of its parent projected in an earlier batch. A small table, so the delete is cheap;
    // marking the wide transactions row instead rewrote it with every index entry (no HOT update), and that was
    // the largest single statement of a write.
    private static final String END_WAITING = """
            DELETE FROM waiting_transactions WHERE transaction_id = ANY($1::text[])""";

    // The seal's partition and seq identify it; a redelivered seal is the same seal.
    private static final String INSERT_SEAL = """
            INSERT INTO seals (partition, seq, heads, prev_seal_hash, seal_hash, sealed_at, topic_offset)
            SELECT u.partition, u.seq, u.heads::jsonb, u.prev_seal_hash, u.seal_hash, %s, u.topic_offset
            FROM unnest($1::int4[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[])
                AS u(partition, seq, heads, prev_seal_hash, seal_hash, sealed_ms, topic_offset)
            ON CONFLICT DO NOTHING""".formatted(MS.formatted("u.sealed_ms"));

    private static final String QUEUED = "QUEUED";

    private final ConnectionFactory connectionFactory;

    public ProjectionWriter(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Completes once the whole batch is committed. */
    public Mono<Void> write(ProjectionBatch batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return Mono.usingWhen(
                Mono.from(connectionFactory.create()),
                connection -> hasOnlyEventTableRows(batch)
                        // one statement is atomic by itself: no BEGIN and COMMIT round trips
                        ? run(eventTableRows(connection, batch))
                        : inOneTransaction(connection, batch),
                connection -> Mono.from(connection.close()),
                (connection, error) -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(rollbackFailed -> Mono.empty())
                        .then(Mono.from(connection.close())),
                connection -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(rollbackFailed -> Mono.empty())
                        .then(Mono.from(connection.close())));
    }

    private static boolean hasOnlyEventTableRows(ProjectionBatch batch) {
        return batch.monitors().isEmpty() && batch.identities().isEmpty() && batch.accounts().isEmpty()
                && batch.transactionMetadata().isEmpty();
    }

    private static Mono<Void> inOneTransaction(Connection connection, ProjectionBatch batch) {
        return Mono.from(connection.beginTransaction())
                .then(Mono.defer(() -> run(eventTableRows(connection, batch))))
                .then(Mono.defer(() -> BalanceMonitorRows.upsert(connection, batch.monitors())))
                .then(Mono.defer(() -> IdentityRows.upsert(connection, batch.identities())))
                .then(Mono.defer(() -> AccountRows.insert(connection, batch.accounts())))
                .then(Mono.defer(() -> TransactionMetadataRows.upsert(connection, batch.transactionMetadata())))
                .then(Mono.defer(() -> Mono.from(connection.commitTransaction())));
    }

    /** The rows of every event table in the batch, as one statement; {@code null} when there are none. */
    private static Statement eventTableRows(Connection connection, ProjectionBatch batch) {
        List<String> decidedParents = parentsIn(batch.transactions());
        return new OneStatementWrite()
                .add(ledgerRows(batch.ledgers()))
                .add(entryRows(batch.entries()))
                .add(balanceRows(latestPerBalance(batch.entries())))
                .add(transactionRows(batch.transactions()))
                .add(waitingRows(batch.transactions(), decidedParents))
                .add(endedWaitRows(decidedParents))
                .add(sealRows(batch.seals()))
                .toStatement(connection);
    }

    private static Mono<Void> run(Statement statement) {
        if (statement == null) {
            return Mono.empty();
        }
        return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated).then();
    }

    private static OneStatementWrite.Part ledgerRows(List<LedgerRecord> ledgers) {
        Map<String, LedgerRecord> newest = new LinkedHashMap<>();
        for (LedgerRecord ledger : ledgers) {
            newest.merge(ledger.getLedgerId(), ledger, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
        }
        return columns(INSERT_LEDGER, List.copyOf(newest.values()),
                new Column<LedgerRecord>(String[]::new, LedgerRecord::getLedgerId),
                new Column<>(String[]::new, LedgerRecord::getName),
                new Column<>(String[]::new, ledger -> jsonObject(ledger.getMetaDataJson())),
                new Column<>(Long[]::new, LedgerRecord::getCreatedAtMs),
                new Column<>(Long[]::new, LedgerRecord::getVersion));
    }

    private static OneStatementWrite.Part entryRows(List<PositionedEntry> entries) {
        return columns(INSERT_ENTRY, entries,
                new Column<PositionedEntry>(String[]::new, p -> p.entry().getBalanceId()),
                new Column<>(Long[]::new, p -> p.entry().getVersion()),
                new Column<>(String[]::new, p -> p.entry().getKind().name()),
                new Column<>(String[]::new, p -> p.entry().getTransactionId()),
                new Column<>(String[]::new, p -> money(p.entry().getAmount())),
                new Column<>(String[]::new, p -> money(p.entry().getBalance())),
                new Column<>(String[]::new, p -> money(p.entry().getCreditBalance())),
                new Column<>(String[]::new, p -> money(p.entry().getDebitBalance())),
                new Column<>(String[]::new, p -> money(p.entry().getInflightBalance())),
                new Column<>(String[]::new, p -> money(p.entry().getInflightCreditBalance())),
                new Column<>(String[]::new, p -> money(p.entry().getInflightDebitBalance())),
                new Column<>(String[]::new, p -> p.entry().getPrevHash()),
                new Column<>(String[]::new, p -> p.entry().getHash()),
                new Column<>(Long[]::new, p -> p.entry().getRecordedAtMs()),
                new Column<>(Long[]::new, p -> p.entry().getEffectiveAtMs()),
                new Column<>(Integer[]::new, PositionedEntry::partition),
                new Column<>(Long[]::new, PositionedEntry::offset));
    }

    private static OneStatementWrite.Part balanceRows(List<BalanceEntry> latest) {
        return columns(UPSERT_BALANCE, latest,
                new Column<BalanceEntry>(String[]::new, BalanceEntry::getBalanceId),
                new Column<>(String[]::new, BalanceEntry::getLedgerId),
                new Column<>(String[]::new, BalanceEntry::getIdentityId),
                new Column<>(String[]::new, BalanceEntry::getIndicator),
                new Column<>(String[]::new, BalanceEntry::getCurrency),
                new Column<>(String[]::new, entry -> money(entry.getBalance())),
                new Column<>(String[]::new, entry -> money(entry.getCreditBalance())),
                new Column<>(String[]::new, entry -> money(entry.getDebitBalance())),
                new Column<>(String[]::new, entry -> money(entry.getInflightBalance())),
                new Column<>(String[]::new, entry -> money(entry.getInflightCreditBalance())),
                new Column<>(String[]::new, entry -> money(entry.getInflightDebitBalance())),
                new Column<>(Long[]::new, BalanceEntry::getVersion),
                new Column<>(String[]::new, BalanceEntry::getHash),
                new Column<>(Long[]::new, BalanceEntry::getBalanceCreatedAtMs),
                new Column<>(String[]::new, entry -> jsonObject(entry.getMetaDataJson())),
                new Column<>(Long[]::new, BalanceEntry::getRecordedAtMs),
                new Column<>(String[]::new, BalanceEntry::getAllocationStrategy));
    }

    /** The QUEUED records of the batch whose outcome is not in it too ({@code decidedParents}): those may still wait. */
    private static OneStatementWrite.Part waitingRows(List<TransactionRecord> transactions,
            List<String> decidedParents) {
        Set<String> decided = new HashSet<>(decidedParents);
        List<TransactionRecord> queued = new ArrayList<>();
        for (TransactionRecord txn : transactions) {
            if (QUEUED.equals(txn.getStatus()) && !decided.contains(txn.getTransactionId())) {
                queued.add(txn);
            }
        }
        return columns(INSERT_WAITING, queued,
                new Column<TransactionRecord>(String[]::new, TransactionRecord::getTransactionId),
                new Column<>(String[]::new, TransactionRecord::getSourceBalanceId),
                new Column<>(String[]::new, TransactionRecord::getDestinationBalanceId),
                new Column<>(String[]::new, txn -> money(txn.getPreciseAmount())),
                new Column<>(Long[]::new, TransactionRecord::getCreatedAtMs));
    }

    /** The waits the batch's outcomes end (of QUEUED records projected in earlier batches). */
    private static OneStatementWrite.Part endedWaitRows(List<String> decidedParents) {
        return columns(END_WAITING, decidedParents, new Column<String>(String[]::new, parent -> parent));
    }

    /** The ids the batch's records name as parent (an outcome names its QUEUED record): the waits the batch ends. */
    private static List<String> parentsIn(List<TransactionRecord> transactions) {
        List<String> parents = new ArrayList<>();
        for (TransactionRecord txn : transactions) {
            String parent = txn.getParentTransaction();
            if (parent != null && !parent.isEmpty()) {
                parents.add(parent);
            }
        }
        return parents;
    }

    private static OneStatementWrite.Part transactionRows(List<TransactionRecord> transactions) {
        return columns(INSERT_TRANSACTION, transactions,
                new Column<TransactionRecord>(String[]::new, TransactionRecord::getTransactionId),
                new Column<>(String[]::new, TransactionRecord::getParentTransaction),
                new Column<>(String[]::new, TransactionRecord::getReference),
                new Column<>(String[]::new, TransactionRecord::getSource),
                new Column<>(String[]::new, TransactionRecord::getDestination),
                new Column<>(String[]::new, txn -> money(txn.getPreciseAmount())),
                new Column<>(Long[]::new, txn -> (long) txn.getPrecision()),
                new Column<>(String[]::new, TransactionRecord::getCurrency),
                new Column<>(String[]::new, TransactionRecord::getDescription),
                new Column<>(String[]::new, TransactionRecord::getStatus),
                new Column<>(String[]::new, TransactionRecord::getRejectionCode),
                new Column<>(String[]::new, TransactionRecord::getRejectionMessage),
                new Column<>(Boolean[]::new, TransactionRecord::getAllowOverdraft),
                new Column<>(Boolean[]::new, TransactionRecord::getInflight),
                new Column<>(String[]::new, txn -> money(txn.getOverdraftLimit())),
                new Column<>(String[]::new, txn -> jsonObject(txn.getMetaDataJson())),
                new Column<>(Long[]::new, TransactionRecord::getCreatedAtMs),
                new Column<>(Long[]::new, TransactionRecord::getEffectiveDateMs),
                new Column<>(String[]::new, TransactionRecord::getHash),
                new Column<>(String[]::new, TransactionRecord::getSourceBalanceId),
                new Column<>(String[]::new, TransactionRecord::getDestinationBalanceId),
                new Column<>(Boolean[]::new, TransactionRecord::getSkipQueue),
                new Column<>(Long[]::new, TransactionRecord::getScheduledForMs),
                new Column<>(Long[]::new, TransactionRecord::getInflightExpiryMs),
                new Column<>(Long[]::new, TransactionRecord::getInflightCommitMs));
    }

    private static OneStatementWrite.Part sealRows(List<ProjectionBatch.PositionedSeal> seals) {
        return columns(INSERT_SEAL, seals,
                new Column<ProjectionBatch.PositionedSeal>(Integer[]::new, p -> p.seal().getPartition()),
                new Column<>(Long[]::new, p -> p.seal().getSeq()),
                new Column<>(String[]::new, p -> headsJson(p.seal())),
                new Column<>(String[]::new, p -> p.seal().getPrevSealHash()),
                new Column<>(String[]::new, p -> p.seal().getSealHash()),
                new Column<>(Long[]::new, p -> p.seal().getSealedAtMs()),
                new Column<>(Long[]::new, ProjectionBatch.PositionedSeal::offset));
    }

    private static String headsJson(dev.ledgerline.wire.v1.SealRecord seal) {
        StringBuilder heads = new StringBuilder("[");
        for (var head : seal.getHeads()) {
            if (heads.length() > 1) {
                heads.append(',');
            }
            heads.append("{\"balance_id\":").append(jsonString(head.getBalanceId()))
                    .append(",\"version\":").append(head.getVersion())
                    .append(",\"hash\":").append(jsonString(head.getHash())).append('}');
        }
        return heads.append(']').toString();
    }

    /** A JSON string literal (balance ids and hashes are plain ASCII, but escape anyway). */
    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Only the newest entry per balance in the batch needs to reach the balances row; the database
     * still refuses it when an even newer version is already there.
     */
    static List<BalanceEntry> latestPerBalance(List<PositionedEntry> entries) {
        Map<String, BalanceEntry> latest = new LinkedHashMap<>();
        for (PositionedEntry positioned : entries) {
            BalanceEntry entry = positioned.entry();
            latest.merge(entry.getBalanceId(), entry,
                    (kept, candidate) -> candidate.getVersion() > kept.getVersion() ? candidate : kept);
        }
        return new ArrayList<>(latest.values());
    }

    /** One column of a table's rows: how to read it from a row, and the array type it is bound as. */
    private record Column<T>(IntFunction<Object[]> array, Function<T, Object> value) {
    }

    /**
     * One table's part of the statement: {@code sql} with each column of {@code rows} bound as an array, in parameter
     * order ($1 = first column); no part when there is nothing to write.
     */
    @SafeVarargs
    private static <T> OneStatementWrite.Part columns(String sql, List<T> rows, Column<T>... columns) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[][] arrays = new Object[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            Object[] values = columns[c].array().apply(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                values[r] = columns[c].value().apply(rows.get(r));
            }
            arrays[c] = values;
        }
        return new OneStatementWrite.Part(sql, arrays);
    }

    /** An empty meta_data on the wire means "none"; JSONB would refuse the empty string and stall the batch. */
    private static String jsonObject(String json) {
        return json == null || json.isBlank() ? "{}" : json;
    }

    /**
     * Wire money is a base-10 integer string of any size; NUMERIC takes it exactly. Parsed here all the same, so a
     * malformed amount fails the batch in Java (a poison record) rather than as a cast error in the database.
     */
    private static String money(String minorUnits) {
        return new BigInteger(minorUnits).toString();
    }
}
