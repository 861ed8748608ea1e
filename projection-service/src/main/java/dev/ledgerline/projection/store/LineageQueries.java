package dev.ledgerline.projection.store;

import java.math.BigInteger;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The providers of a balance that tracks fund lineage, as Blnk computes them: one per provider that credited it
 * (its shadow credit transactions name the balance in {@code meta_data._main_balance}), in order of the first such
 * credit, with the provider's shadow balance, whose debits are what the provider brought in and whose credits are
 * what debits released of it.
 */
@Component
public class LineageQueries {

    private static final String PROVIDERS = """
            SELECT m.provider, m.shadow_balance_id, m.aggregate_balance_id,
                   COALESCE(b.debit_balance, 0) AS amount, COALESCE(b.credit_balance, 0) AS spent
            FROM (SELECT DISTINCT ON (meta_data->>'_provider') meta_data->>'_provider' AS provider,
                         source_balance_id AS shadow_balance_id, destination_balance_id AS aggregate_balance_id,
                         created_at
                  FROM transactions
                  WHERE meta_data ? '_main_balance' AND meta_data->>'_main_balance' = :id
                    AND meta_data->>'_lineage_type' IN ('credit', 'receive')
                  ORDER BY meta_data->>'_provider', created_at) m
            LEFT JOIN balances b ON b.balance_id = m.shadow_balance_id
            ORDER BY m.created_at, m.provider""";

    private final DatabaseClient db;

    public LineageQueries(DatabaseClient db) {
        this.db = db;
    }

    public Flux<ProviderRow> providersOf(String balanceId) {
        return db.sql(PROVIDERS).bind("id", balanceId)
                .map(row -> new ProviderRow(Columns.text(row, "provider"), Columns.text(row, "shadow_balance_id"),
                        Columns.text(row, "aggregate_balance_id"), Columns.money(row, "amount"),
                        Columns.money(row, "spent")))
                .all();
    }

    /**
     * The outcomes of the shadow transactions of fund lineage made for any of {@code parentIds} (their
     * {@code meta_data._shadow_for}), oldest first, as reads show them; their QUEUED records are left out, as Blnk
     * records a shadow once. The base table is searched (its partial index), the view answers.
     */
    public Flux<TransactionRow> shadowsOf(List<String> parentIds) {
        return db.sql("SELECT " + TransactionQueries.COLUMNS + " FROM transaction_reads WHERE transaction_id IN"
                        + " (SELECT transaction_id FROM transactions WHERE meta_data ? '_shadow_for'"
                        + " AND meta_data->>'_shadow_for' = ANY(:ids) AND status <> 'QUEUED')"
                        + " ORDER BY created_at, reference")
                .bind("ids", parentIds.toArray(String[]::new))
                .map(TransactionQueries::toRow)
                .all();
    }

    /** Blnk's {@code BLNK_FUND_ALLOCATION} of a debit, from whichever of its records carries it (JSON text). */
    public Mono<String> fundAllocationOf(List<String> ids) {
        return db.sql("SELECT (meta_data->'BLNK_FUND_ALLOCATION')::text AS allocation FROM transaction_reads"
                        + " WHERE transaction_id = ANY(:ids) AND meta_data ? 'BLNK_FUND_ALLOCATION'"
                        + " ORDER BY created_at LIMIT 1")
                .bind("ids", ids.toArray(String[]::new))
                .map(row -> Columns.text(row, "allocation"))
                .one();
    }

    /** The records whose parent is {@code transactionId} (its outcome, commits, voids, refund). */
    public Flux<String> childIdsOf(String transactionId) {
        return db.sql("SELECT transaction_id FROM transactions WHERE parent_transaction = :id")
                .bind("id", transactionId)
                .map(row -> Columns.text(row, "transaction_id"))
                .all();
    }

    /** One provider of a tracked balance: what it brought in ({@code amount}) and what was spent of it. */
    public record ProviderRow(String provider, String shadowBalanceId, String aggregateBalanceId, BigInteger amount,
                              BigInteger spent) {
    }
}
