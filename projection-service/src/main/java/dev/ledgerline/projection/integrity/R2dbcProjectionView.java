package dev.ledgerline.projection.integrity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.r2dbc.core.DatabaseClient;

/** {@link ProjectionView} over the projection's PostgreSQL tables. */
public final class R2dbcProjectionView implements ProjectionView {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final DatabaseClient db;

    public R2dbcProjectionView(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Map<String, ProjectedBalance> balances(Set<String> balanceIds) {
        Map<String, ProjectedBalance> rows = new HashMap<>();
        db.sql("SELECT balance_id, version, head_hash, balance, credit_balance, debit_balance, inflight_balance,"
                        + " inflight_credit_balance, inflight_debit_balance FROM balances WHERE balance_id = ANY(:ids)")
                .bind("ids", balanceIds.toArray(new String[0]))
                .map(row -> new ProjectedBalance(row.get("balance_id", String.class), row.get("version", Long.class),
                        row.get("head_hash", String.class), money(row.get("balance", BigDecimal.class)),
                        money(row.get("credit_balance", BigDecimal.class)), money(row.get("debit_balance", BigDecimal.class)),
                        money(row.get("inflight_balance", BigDecimal.class)),
                        money(row.get("inflight_credit_balance", BigDecimal.class)),
                        money(row.get("inflight_debit_balance", BigDecimal.class))))
                .all()
                .doOnNext(row -> rows.put(row.balanceId(), row))
                .then()
                .block(TIMEOUT);
        return rows;
    }

    @Override
    public List<ProjectedEntry> entries(Collection<EntryKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        String[] ids = keys.stream().map(EntryKey::balanceId).toArray(String[]::new);
        Long[] versions = keys.stream().map(EntryKey::version).toArray(Long[]::new);
        return db.sql("SELECT e.balance_id, e.version, kind, transaction_id, amount, balance, credit_balance, debit_balance,"
                        + " inflight_balance, inflight_credit_balance, inflight_debit_balance, prev_hash, hash,"
                        + " topic_partition, topic_offset FROM balance_entries e"
                        + " JOIN unnest(CAST(:ids AS text[]), CAST(:versions AS bigint[])) AS k(balance_id, version)"
                        + " ON e.balance_id = k.balance_id AND e.version = k.version")
                .bind("ids", ids)
                .bind("versions", versions)
                .map(row -> new ProjectedEntry(row.get("balance_id", String.class), row.get("version", Long.class),
                        row.get("kind", String.class), row.get("transaction_id", String.class),
                        money(row.get("amount", BigDecimal.class)), money(row.get("balance", BigDecimal.class)),
                        money(row.get("credit_balance", BigDecimal.class)), money(row.get("debit_balance", BigDecimal.class)),
                        money(row.get("inflight_balance", BigDecimal.class)),
                        money(row.get("inflight_credit_balance", BigDecimal.class)),
                        money(row.get("inflight_debit_balance", BigDecimal.class)), row.get("prev_hash", String.class),
                        row.get("hash", String.class), row.get("topic_partition", Integer.class),
                        row.get("topic_offset", Long.class)))
                .all()
                .collectList()
                .block(TIMEOUT);
    }

    /** A fraction or a NULL in a money column is itself a mismatch: report it as a value that never matches. */
    private static BigInteger money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        try {
            return value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
