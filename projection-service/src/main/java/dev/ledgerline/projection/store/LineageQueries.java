package dev.ledgerline.projection.store;

import java.math.BigInteger;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

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
                    AND meta_data->>'_lineage_type' = 'credit'
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

    /** One provider of a tracked balance: what it brought in ({@code amount}) and what was spent of it. */
    public record ProviderRow(String provider, String shadowBalanceId, String aggregateBalanceId, BigInteger amount,
                              BigInteger spent) {
    }
}
