package dev.ledgerline.projection.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whitelist of one entity: which JSON field names may be filtered and sorted on, the column
 * each one maps to and how its values are parsed. Only these column names ever reach SQL text.
 */
public record FilterSchema(String entity, String idColumn, Map<String, Field> fields) {

    public enum Type { TEXT, NUMBER, TIME, BOOLEAN }

    public record Field(String column, Type type) {
    }

    public static final FilterSchema TRANSACTIONS = new FilterSchema("transaction", "transaction_id", fields(
            "transaction_id", Type.TEXT,
            "parent_transaction", Type.TEXT,
            "reference", Type.TEXT,
            "source", Type.TEXT,
            "destination", Type.TEXT,
            "source_balance_id", Type.TEXT,
            "destination_balance_id", Type.TEXT,
            "status", Type.TEXT,
            "currency", Type.TEXT,
            "description", Type.TEXT,
            "hash", Type.TEXT,
            "precise_amount", Type.NUMBER,
            "precision", Type.NUMBER,
            "allow_overdraft", Type.BOOLEAN,
            "inflight", Type.BOOLEAN,
            "skip_queue", Type.BOOLEAN,
            "created_at", Type.TIME,
            "effective_date", Type.TIME,
            "scheduled_for", Type.TIME,
            "inflight_expiry_date", Type.TIME,
            "inflight_commit_date", Type.TIME));

    public static final FilterSchema BALANCES = new FilterSchema("balance", "balance_id", fields(
            "balance_id", Type.TEXT,
            "ledger_id", Type.TEXT,
            "identity_id", Type.TEXT,
            "indicator", Type.TEXT,
            "currency", Type.TEXT,
            "balance", Type.NUMBER,
            "credit_balance", Type.NUMBER,
            "debit_balance", Type.NUMBER,
            "inflight_balance", Type.NUMBER,
            "inflight_credit_balance", Type.NUMBER,
            "inflight_debit_balance", Type.NUMBER,
            "version", Type.NUMBER,
            "created_at", Type.TIME));

    public static final FilterSchema LEDGERS = new FilterSchema("ledger", "ledger_id", fields(
            "ledger_id", Type.TEXT,
            "name", Type.TEXT,
            "created_at", Type.TIME));

    /** JSON name = column name for every whitelisted field today; the map keeps them free to differ. */
    private static Map<String, Field> fields(Object... nameTypePairs) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            String name = (String) nameTypePairs[i];
            fields.put(name, new Field(name, (Type) nameTypePairs[i + 1]));
        }
        return Map.copyOf(fields);
    }
}
