package dev.ledgerline.projection.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Writes and reads of {@code balance_snapshots} (schema.sql says what a snapshot is). */
@Component
public class BalanceSnapshots {

    /** The next batch of balances, in id order, after {@code :after}. */
    private static final String NEXT_BATCH = """
            SELECT balance_id FROM balances WHERE balance_id > :after ORDER BY balance_id LIMIT :batch""";

    /**
     * One snapshot per balance of the batch that has entries: the chain head at this moment, and the settled totals
     * of the entries up to it whose effective time is at or before {@code :at} (the same kinds as
     * {@link BalanceQueries}' historical read). A balance already snapshotted at {@code :at} is left as it is.
     */
    private static final String TAKE = """
            INSERT INTO balance_snapshots (balance_id, snapshot_at, currency, credit_balance, debit_balance, entries,
                                           through_version, through_hash, created_at)
            SELECT b.balance_id, :at, b.currency,
                   COALESCE(SUM(e.amount) FILTER (WHERE e.kind IN ('CREDIT', 'COMMIT_CREDIT')), 0),
                   COALESCE(SUM(e.amount) FILTER (WHERE e.kind IN ('DEBIT', 'COMMIT_DEBIT')), 0),
                   COUNT(e.version), head.version, head.hash, now()
            FROM balances b
            JOIN LATERAL (SELECT h.version, h.hash FROM balance_entries h WHERE h.balance_id = b.balance_id
                          ORDER BY h.version DESC LIMIT 1) head ON true
            LEFT JOIN balance_entries e
                   ON e.balance_id = b.balance_id AND e.version <= head.version AND e.effective_at <= :at
            WHERE b.balance_id = ANY(:ids)
            GROUP BY b.balance_id, b.currency, head.version, head.hash
            ON CONFLICT (balance_id, snapshot_at) DO NOTHING""";

    private static final String COLUMNS = """
            balance_id, snapshot_at, currency, credit_balance, debit_balance, entries, through_version, through_hash,
            created_at""";

    private final DatabaseClient db;

    public BalanceSnapshots(DatabaseClient db) {
        this.db = db;
    }

    /** The ids of the next {@code batch} balances after {@code after} ("" = from the first). */
    public Mono<List<String>> nextBatch(String after, int batch) {
        return db.sql(NEXT_BATCH)
                .bind("after", after)
                .bind("batch", batch)
                .map(row -> row.get("balance_id", String.class))
                .all()
                .collectList();
    }

    /** Snapshots {@code ids} at {@code at}; how many snapshots were written. */
    public Mono<Long> take(List<String> ids, Instant at) {
        return db.sql(TAKE)
                .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .bind("ids", ids.toArray(String[]::new))
                .fetch()
                .rowsUpdated();
    }

    /** The latest snapshot of the balance at or before {@code at}; empty when there is none. */
    public Mono<BalanceSnapshot> latestAtOrBefore(String balanceId, OffsetDateTime at) {
        return db.sql("SELECT " + COLUMNS + " FROM balance_snapshots WHERE balance_id = :id AND snapshot_at <= :at"
                        + " ORDER BY snapshot_at DESC LIMIT 1")
                .bind("id", balanceId)
                .bind("at", at)
                .map(BalanceSnapshots::toSnapshot)
                .one();
    }

    /** The balance's snapshots, newest first, at most {@code limit}. */
    public Flux<BalanceSnapshot> of(String balanceId, int limit, long offset) {
        return db.sql("SELECT " + COLUMNS + " FROM balance_snapshots WHERE balance_id = :id"
                        + " ORDER BY snapshot_at DESC LIMIT :limit OFFSET :offset")
                .bind("id", balanceId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(BalanceSnapshots::toSnapshot)
                .all();
    }

    private static BalanceSnapshot toSnapshot(Readable row) {
        return new BalanceSnapshot(Columns.text(row, "balance_id"), Columns.time(row, "snapshot_at"),
                Columns.text(row, "currency"), Columns.money(row, "credit_balance"), Columns.money(row, "debit_balance"),
                Columns.int64(row, "entries"), Columns.int64(row, "through_version"), Columns.text(row, "through_hash"),
                Columns.time(row, "created_at"));
    }
}
