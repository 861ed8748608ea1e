package dev.ledgerline.projection.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Writes one {@link ProjectionBatch} in a single database transaction, one multi-binding statement
 * per table. Every write is idempotent, so a batch redelivered after a crash (DB committed, Kafka
 * offsets not yet) changes nothing: inserts ignore conflicts, and a balance row only moves forward
 * to a higher {@code version}.
 */
@Component
public class ProjectionWriter {

    private static final String INSERT_LEDGER = """
            INSERT INTO ledgers (ledger_id, name, meta_data, created_at)
            VALUES ($1, $2, $3::jsonb, $4)
            ON CONFLICT DO NOTHING""";

    private static final String INSERT_ENTRY = """
            INSERT INTO balance_entries (balance_id, version, kind, transaction_id, amount, balance,
                credit_balance, debit_balance, inflight_balance, inflight_credit_balance,
                inflight_debit_balance, prev_hash, hash, recorded_at, effective_at, topic_partition, topic_offset)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            ON CONFLICT (balance_id, version) DO NOTHING""";

    // ledger_id, indicator, currency and created_at never change after OPEN, so they are not updated.
    private static final String UPSERT_BALANCE = """
            INSERT INTO balances (balance_id, ledger_id, identity_id, indicator, currency, balance,
                credit_balance, debit_balance, inflight_balance, inflight_credit_balance,
                inflight_debit_balance, version, head_hash, created_at, meta_data, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16)
            ON CONFLICT (balance_id) DO UPDATE SET
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
            WHERE balances.version < EXCLUDED.version""";

    // No conflict target: a repeated transaction_id or reference is the same record redelivered.
    private static final String INSERT_TRANSACTION = """
            INSERT INTO transactions (transaction_id, parent_transaction, reference, source, destination,
                precise_amount, precision, currency, description, status, rejection_code, rejection_message,
                allow_overdraft, inflight, overdraft_limit, meta_data, created_at, effective_date, hash,
                source_balance_id, destination_balance_id, skip_queue, scheduled_for, inflight_expiry_date,
                inflight_commit_date, has_outcome)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19,
                $20, $21, $22, $23, $24, $25,
                $10 = 'QUEUED' AND EXISTS (SELECT 1 FROM transactions c WHERE c.parent_transaction = $1))
            ON CONFLICT DO NOTHING""";

    // A QUEUED record stops waiting once a record names it as parent (its outcome, of any status). Records of one
    // transaction share a partition, so the outcome normally follows its QUEUED row; the insert above covers the
    // other order.
    private static final String MARK_OUTCOME = """
            UPDATE transactions SET has_outcome = TRUE
            WHERE transaction_id = $1 AND status = 'QUEUED' AND NOT has_outcome""";

    // The seal's partition and seq identify it; a redelivered seal is the same seal.
    private static final String INSERT_SEAL = """
            INSERT INTO seals (partition, seq, heads, prev_seal_hash, seal_hash, sealed_at, topic_offset)
            VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
            ON CONFLICT DO NOTHING""";

    private final ConnectionFactory connectionFactory;

    public ProjectionWriter(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Completes once the database transaction holding the whole batch has committed. */
    public Mono<Void> write(ProjectionBatch batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return Mono.usingWhen(
                Mono.from(connectionFactory.create()),
                connection -> Mono.from(connection.beginTransaction())
                        .then(Mono.defer(() -> run(insertLedgers(connection, batch.ledgers()))))
                        .then(Mono.defer(() -> run(insertEntries(connection, batch.entries()))))
                        .then(Mono.defer(() -> run(upsertBalances(connection, latestPerBalance(batch.entries())))))
                        .then(Mono.defer(() -> run(insertTransactions(connection, batch.transactions()))))
                        .then(Mono.defer(() -> run(markOutcomes(connection, batch.transactions()))))
                        .then(Mono.defer(() -> run(insertSeals(connection, batch.seals()))))
                        .then(Mono.defer(() -> Mono.from(connection.commitTransaction()))),
                connection -> Mono.from(connection.close()),
                (connection, error) -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(rollbackFailed -> Mono.empty())
                        .then(Mono.from(connection.close())),
                connection -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(rollbackFailed -> Mono.empty())
                        .then(Mono.from(connection.close())));
    }

    private static Mono<Void> run(Statement statement) {
        if (statement == null) {
            return Mono.empty();
        }
        return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated).then();
    }

    private static Statement insertLedgers(Connection connection, List<LedgerRecord> ledgers) {
        return bindEach(connection, INSERT_LEDGER, ledgers, (statement, ledger) -> statement
                .bind(0, ledger.getLedgerId())
                .bind(1, ledger.getName())
                .bind(2, jsonObject(ledger.getMetaDataJson()))
                .bind(3, time(ledger.getCreatedAtMs())));
    }

    private static Statement insertEntries(Connection connection, List<PositionedEntry> entries) {
        return bindEach(connection, INSERT_ENTRY, entries, (statement, positioned) -> {
            BalanceEntry entry = positioned.entry();
            statement.bind(0, entry.getBalanceId())
                    .bind(1, entry.getVersion())
                    .bind(2, entry.getKind().name())
                    .bind(4, money(entry.getAmount()))
                    .bind(11, entry.getPrevHash())
                    .bind(12, entry.getHash())
                    .bind(13, time(entry.getRecordedAtMs()))
                    .bind(14, time(entry.getEffectiveAtMs()))
                    .bind(15, positioned.partition())
                    .bind(16, positioned.offset());
            bindNullable(statement, 3, entry.getTransactionId());
            bindResultingAmounts(statement, entry);
        });
    }

    private static Statement upsertBalances(Connection connection, List<BalanceEntry> latest) {
        return bindEach(connection, UPSERT_BALANCE, latest, (statement, entry) -> {
            statement.bind(0, entry.getBalanceId())
                    .bind(1, entry.getLedgerId())
                    .bind(2, entry.getIdentityId())
                    .bind(4, entry.getCurrency())
                    .bind(11, entry.getVersion())
                    .bind(12, entry.getHash())
                    .bind(13, time(entry.getBalanceCreatedAtMs()))
                    .bind(14, jsonObject(entry.getMetaDataJson()))
                    .bind(15, time(entry.getRecordedAtMs()));
            bindNullable(statement, 3, entry.getIndicator());
            bindResultingAmounts(statement, entry);
        });
    }

    /** Positions 5-10 of both the entry insert and the balance upsert: the balance fields after the entry. */
    private static void bindResultingAmounts(Statement statement, BalanceEntry entry) {
        statement.bind(5, money(entry.getBalance()))
                .bind(6, money(entry.getCreditBalance()))
                .bind(7, money(entry.getDebitBalance()))
                .bind(8, money(entry.getInflightBalance()))
                .bind(9, money(entry.getInflightCreditBalance()))
                .bind(10, money(entry.getInflightDebitBalance()));
    }

    private static Statement markOutcomes(Connection connection, List<TransactionRecord> transactions) {
        List<String> parents = new ArrayList<>();
        for (TransactionRecord txn : transactions) {
            String parent = txn.getParentTransaction();
            if (parent != null && !parent.isEmpty()) {
                parents.add(parent);
            }
        }
        return bindEach(connection, MARK_OUTCOME, parents, (statement, parent) -> statement.bind(0, parent));
    }

    private static Statement insertTransactions(Connection connection, List<TransactionRecord> transactions) {
        return bindEach(connection, INSERT_TRANSACTION, transactions, (statement, txn) -> {
            statement.bind(0, txn.getTransactionId())
                    .bind(1, txn.getParentTransaction())
                    .bind(2, txn.getReference())
                    .bind(3, txn.getSource())
                    .bind(4, txn.getDestination())
                    .bind(5, money(txn.getPreciseAmount()))
                    .bind(6, txn.getPrecision())
                    .bind(7, txn.getCurrency())
                    .bind(8, txn.getDescription())
                    .bind(9, txn.getStatus())
                    .bind(12, txn.getAllowOverdraft())
                    .bind(13, txn.getInflight())
                    .bind(14, money(txn.getOverdraftLimit()))
                    .bind(15, jsonObject(txn.getMetaDataJson()))
                    .bind(16, time(txn.getCreatedAtMs()))
                    .bind(18, txn.getHash())
                    .bind(19, txn.getSourceBalanceId())
                    .bind(20, txn.getDestinationBalanceId())
                    .bind(21, txn.getSkipQueue());
            bindNullable(statement, 10, txn.getRejectionCode());
            bindNullable(statement, 11, txn.getRejectionMessage());
            bindNullableTime(statement, 17, txn.getEffectiveDateMs());
            bindNullableTime(statement, 22, txn.getScheduledForMs());
            bindNullableTime(statement, 23, txn.getInflightExpiryMs());
            bindNullableTime(statement, 24, txn.getInflightCommitMs());
        });
    }

    private static Statement insertSeals(Connection connection, List<ProjectionBatch.PositionedSeal> seals) {
        return bindEach(connection, INSERT_SEAL, seals, (statement, positioned) -> {
            var seal = positioned.seal();
            StringBuilder heads = new StringBuilder("[");
            for (var head : seal.getHeads()) {
                if (heads.length() > 1) {
                    heads.append(',');
                }
                heads.append("{\"balance_id\":").append(jsonString(head.getBalanceId()))
                        .append(",\"version\":").append(head.getVersion())
                        .append(",\"hash\":").append(jsonString(head.getHash())).append('}');
            }
            statement.bind(0, seal.getPartition())
                    .bind(1, seal.getSeq())
                    .bind(2, heads.append(']').toString())
                    .bind(3, seal.getPrevSealHash())
                    .bind(4, seal.getSealHash())
                    .bind(5, time(seal.getSealedAtMs()))
                    .bind(6, positioned.offset());
        });
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

    private interface Binder<T> {
        void bind(Statement statement, T row);
    }

    /** One statement with a binding set per row; {@code null} when there is nothing to write. */
    private static <T> Statement bindEach(Connection connection, String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return null;
        }
        Statement statement = connection.createStatement(sql);
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                statement.add();
            }
            binder.bind(statement, rows.get(i));
        }
        return statement;
    }

    private static void bindNullable(Statement statement, int index, String value) {
        if (value == null) {
            statement.bindNull(index, String.class);
        } else {
            statement.bind(index, value);
        }
    }

    private static void bindNullableTime(Statement statement, int index, Long epochMillis) {
        if (epochMillis == null) {
            statement.bindNull(index, OffsetDateTime.class);
        } else {
            statement.bind(index, time(epochMillis));
        }
    }

    /** An empty meta_data on the wire means "none"; JSONB would refuse the empty string and stall the batch. */
    private static String jsonObject(String json) {
        return json == null || json.isBlank() ? "{}" : json;
    }

    /** Wire money is a base-10 integer string of any size; NUMERIC takes it exactly. */
    private static BigDecimal money(String minorUnits) {
        return new BigDecimal(new BigInteger(minorUnits));
    }

    private static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
