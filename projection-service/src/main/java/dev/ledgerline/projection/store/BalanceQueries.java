package dev.ledgerline.projection.store;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of {@code balances}. */
@Component
public class BalanceQueries {

    private static final String COLUMNS = """
            balance_id, ledger_id, identity_id, indicator, currency, balance, credit_balance, debit_balance,
            inflight_balance, inflight_credit_balance, inflight_debit_balance, version, created_at,
            meta_data::text AS meta_data, allocation_strategy""";

    /**
     * Money still waiting in the queue for a balance: QUEUED records whose outcome (the {@code _q}
     * child, any status) has not been projected yet. Blnk: QUEUED rows without an
     * APPLIED/REJECTED/VOID/INFLIGHT child. The writer keeps exactly those in {@code waiting_transactions}.
     */
    private static final String QUEUED_SUMS = """
            SELECT COALESCE(SUM(w.precise_amount) FILTER (WHERE w.source_balance_id = :id), 0) AS queued_debit,
                   COALESCE(SUM(w.precise_amount) FILTER (WHERE w.destination_balance_id = :id), 0) AS queued_credit
            FROM waiting_transactions w
            WHERE w.source_balance_id = :id OR w.destination_balance_id = :id""";

    /**
     * Settled totals at {@code :at} from the entries themselves, not from the resulting balances they
     * carry: a backdated entry has a later version but an earlier effective time, so "the last entry
     * before t" is not well defined. DEBIT/COMMIT_DEBIT settle debits, CREDIT/COMMIT_CREDIT settle
     * credits; holds (INFLIGHT_*) and their releases (VOID_*) never touch the settled fields. Served by
     * {@code balance_entries_effective}.
     */
    private static final String AT = """
            SELECT b.balance_id, b.currency, COUNT(e.version) AS entries,
                   COALESCE(SUM(e.amount) FILTER (WHERE e.kind IN ('CREDIT', 'COMMIT_CREDIT')), 0) AS credit_balance,
                   COALESCE(SUM(e.amount) FILTER (WHERE e.kind IN ('DEBIT', 'COMMIT_DEBIT')), 0) AS debit_balance
            FROM balances b
            LEFT JOIN balance_entries e ON e.balance_id = b.balance_id AND e.effective_at <= :at
            WHERE b.balance_id = :id
            GROUP BY b.balance_id, b.currency""";

    /**
     * {@link #AT} continued from a snapshot: its totals plus the entries it does not hold that are effective at or
     * before {@code :at}. A snapshot holds exactly the entries with a version up to {@code :through} and an effective
     * time up to {@code :snapshot_at}; the rest are those recorded after it or effective after it.
     */
    private static final String AT_FROM_SNAPSHOT = """
            SELECT b.balance_id, b.currency, :entries + COUNT(e.version) AS entries,
                   :credit + COALESCE(SUM(e.amount) FILTER (WHERE e.kind IN ('CREDIT', 'COMMIT_CREDIT')), 0)
                       AS credit_balance,
                   :debit + COALESCE(SUM(e.amount) FILTER (WHERE e.kind IN ('DEBIT', 'COMMIT_DEBIT')), 0)
                       AS debit_balance
            FROM balances b
            LEFT JOIN balance_entries e ON e.balance_id = b.balance_id AND e.effective_at <= :at
                   AND (e.version > :through OR e.effective_at > :snapshot_at)
            WHERE b.balance_id = :id
            GROUP BY b.balance_id, b.currency""";

    private final DatabaseClient db;
    private final FilteredTable<BalanceRow> balances;

    public BalanceQueries(DatabaseClient db) {
        this.db = db;
        this.balances = new FilteredTable<>(db, FilterSchema.BALANCES, COLUMNS, "balances", BalanceQueries::toRow);
    }

    public Mono<BalanceRow> byId(String balanceId) {
        return balances.one("balance_id", balanceId);
    }

    public Mono<BalanceRow> byIndicator(String indicator, String currency) {
        return db.sql("SELECT " + COLUMNS + " FROM balances WHERE indicator = :indicator AND currency = :currency")
                .bind("indicator", indicator)
                .bind("currency", currency)
                .map(BalanceQueries::toRow)
                .one();
    }

    /** Empty when the balance does not exist. */
    public Mono<HistoricalBalance> at(String balanceId, java.time.OffsetDateTime at) {
        return db.sql(AT)
                .bind("id", balanceId)
                .bind("at", at)
                .map(row -> new HistoricalBalance(Columns.text(row, "balance_id"), Columns.text(row, "currency"),
                        Columns.money(row, "credit_balance"), Columns.money(row, "debit_balance"),
                        Columns.int64(row, "entries")))
                .one();
    }

    /** {@link #at} from {@code snapshot} (taken at or before {@code at}) instead of from the first entry. */
    public Mono<HistoricalBalance> at(BalanceSnapshot snapshot, java.time.OffsetDateTime at) {
        return db.sql(AT_FROM_SNAPSHOT)
                .bind("id", snapshot.balanceId())
                .bind("at", at)
                .bind("entries", snapshot.entries())
                .bind("credit", new java.math.BigDecimal(snapshot.creditBalance()))
                .bind("debit", new java.math.BigDecimal(snapshot.debitBalance()))
                .bind("through", snapshot.throughVersion())
                .bind("snapshot_at", java.time.OffsetDateTime.ofInstant(snapshot.snapshotAt(), java.time.ZoneOffset.UTC))
                .map(row -> new HistoricalBalance(Columns.text(row, "balance_id"), Columns.text(row, "currency"),
                        Columns.money(row, "credit_balance"), Columns.money(row, "debit_balance"),
                        Columns.int64(row, "entries")))
                .one();
    }

    /** {@code [queued_debit, queued_credit]} of the balance (zeros when nothing is queued). */
    public Mono<java.math.BigInteger[]> queuedSums(String balanceId) {
        return db.sql(QUEUED_SUMS)
                .bind("id", balanceId)
                .map(row -> new java.math.BigInteger[] {Columns.money(row, "queued_debit"), Columns.money(row, "queued_credit")})
                .one();
    }

    /**
     * One page of the filtered, sorted list (default newest first). Throws {@link InvalidFilterException}
     * before touching the database when the query is not acceptable.
     */
    public Flux<BalanceRow> list(ListQuery query) {
        return balances.page(query);
    }

    /** How many rows match the query's filters (paging and sorting ignored). */
    public Mono<Long> count(ListQuery query) {
        return balances.count(query);
    }

    private static BalanceRow toRow(Readable row) {
        return new BalanceRow(
                Columns.text(row, "balance_id"), Columns.text(row, "ledger_id"), Columns.text(row, "identity_id"),
                Columns.text(row, "indicator"), Columns.text(row, "currency"),
                Columns.money(row, "balance"), Columns.money(row, "credit_balance"), Columns.money(row, "debit_balance"),
                Columns.money(row, "inflight_balance"), Columns.money(row, "inflight_credit_balance"),
                Columns.money(row, "inflight_debit_balance"),
                Columns.int64(row, "version"), Columns.time(row, "created_at"), Columns.text(row, "meta_data"),
                Columns.text(row, "allocation_strategy"));
    }
}
