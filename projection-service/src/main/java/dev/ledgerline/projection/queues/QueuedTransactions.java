package dev.ledgerline.projection.queues;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Transactions accepted but not decided yet, as the read model sees them: {@code QUEUED} records
 * without an outcome record (a child of any status: APPLIED, INFLIGHT, REJECTED, …), the same rule as
 * the queued sums of {@code GET /balances/{id}?with_queued=true}. The writer keeps exactly those in
 * {@code waiting_transactions}, whose size is what is waiting, not the ledger's.
 */
@Component
public class QueuedTransactions {

    /** Count and the oldest such record's {@code created_at}, as epoch milliseconds (null when none). */
    private static final String WAITING = """
            SELECT COUNT(*) AS waiting, MIN(w.created_at) AS oldest
            FROM waiting_transactions w""";

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    /** @param count how many; {@code oldestCreatedAtMs} -1 when none */
    public record Snapshot(long count, long oldestCreatedAtMs, long computedAtMs) {

        static final Snapshot NONE = new Snapshot(0, -1, 0);

        public double oldestAgeSeconds(long nowMs) {
            return count == 0 || oldestCreatedAtMs < 0 ? 0 : Math.max(0, nowMs - oldestCreatedAtMs) / 1000.0;
        }
    }

    private final DatabaseClient db;

    public QueuedTransactions(DatabaseClient db) {
        this.db = db;
    }

    /** Blocks (up to 10 s): call it from a background thread, never from a request thread. */
    public Snapshot read() {
        return db.sql(WAITING)
                .map(row -> {
                    OffsetDateTime oldest = row.get("oldest", OffsetDateTime.class);
                    return new Snapshot(row.get("waiting", Long.class),
                            oldest == null ? -1 : oldest.toInstant().toEpochMilli(), System.currentTimeMillis());
                })
                .one()
                .block(QUERY_TIMEOUT);
    }
}
