package dev.ledgerline.projection.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whitelist of one entity: which JSON field names may be filtered and sorted on, the column (or fixed
 * expression) each one maps to and how its values are parsed. Only these column names ever reach SQL text. Every
 * entity also takes {@code meta_data.<key>} filters ({@link FilterSql}) on its {@code meta_data} column.
 *
 * <p>Blnk's names are all here, its virtual fields included: on transactions {@code amount} (major units, the
 * stored amount over its precision multiplier), {@code balance_id} (the source or the destination balance) and {@code indicator}
 * (the source's or the destination's balance indicator). Ledgerline adds a few of its own columns.
 */
public record FilterSchema(String entity, String table, String idColumn, Map<String, Field> fields,
                           Set<String> sealed) {

    /** An entity without sealed fields. */
    public FilterSchema(String entity, String table, String idColumn, Map<String, Field> fields) {
        this(entity, table, idColumn, fields, Set.of());
    }

    public enum Type { TEXT, NUMBER, TIME, BOOLEAN }

    /** How a field reaches SQL: a column or expression compared directly, or one of the virtual fields. */
    public enum Kind { COLUMN, EITHER_BALANCE, EITHER_INDICATOR }

    public record Field(String column, Type type, Kind kind) {

        Field(String column, Type type) {
            this(column, type, Kind.COLUMN);
        }

        /** Virtual fields have no single column to order by. */
        boolean sortable() {
            return kind == Kind.COLUMN;
        }
    }

    public static final FilterSchema TRANSACTIONS = new FilterSchema("transaction", "transactions", "transaction_id", with(fields(
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
            "inflight_commit_date", Type.TIME),
            Map.of("amount", new Field("(precise_amount / NULLIF(precision, 0))", Type.NUMBER),
                    "balance_id", new Field("balance_id", Type.TEXT, Kind.EITHER_BALANCE),
                    "indicator", new Field("indicator", Type.TEXT, Kind.EITHER_INDICATOR))));

    public static final FilterSchema BALANCES = new FilterSchema("balance", "balances", "balance_id", fields(
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

    public static final FilterSchema LEDGERS = new FilterSchema("ledger", "ledgers", "ledger_id", fields(
            "ledger_id", Type.TEXT,
            "name", Type.TEXT,
            "created_at", Type.TIME));

    /**
     * Blnk's identity filters, except the personal fields: they are sealed (AES-GCM with a fresh nonce), so no SQL can
     * compare them, and filtering on them is a 400 that says so ({@code sealed}). {@code dob} is in clear.
     */
    public static final FilterSchema IDENTITIES = new FilterSchema("identity", "identities", "identity_id", fields(
            "identity_id", Type.TEXT,
            "identity_type", Type.TEXT,
            "organization_name", Type.TEXT,
            "category", Type.TEXT,
            "gender", Type.TEXT,
            "nationality", Type.TEXT,
            "country", Type.TEXT,
            "state", Type.TEXT,
            "city", Type.TEXT,
            "dob", Type.TIME,
            "created_at", Type.TIME),
            Set.of("first_name", "last_name", "other_names", "email_address", "phone_number", "street", "post_code"));

    /** Blnk's account filters; {@code name} compares the name given at creation (empty when it is the identity's). */
    public static final FilterSchema ACCOUNTS = new FilterSchema("account", "accounts", "account_id", fields(
            "account_id", Type.TEXT,
            "name", Type.TEXT,
            "number", Type.TEXT,
            "bank_name", Type.TEXT,
            "currency", Type.TEXT,
            "ledger_id", Type.TEXT,
            "identity_id", Type.TEXT,
            "balance_id", Type.TEXT,
            "created_at", Type.TIME));

    private static Map<String, Field> with(Map<String, Field> columns, Map<String, Field> more) {
        Map<String, Field> all = new LinkedHashMap<>(columns);
        all.putAll(more);
        return Map.copyOf(all);
    }

    /** JSON name = column name for these fields; the map keeps them free to differ. */
    private static Map<String, Field> fields(Object... nameTypePairs) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            String name = (String) nameTypePairs[i];
            fields.put(name, new Field(name, (Type) nameTypePairs[i + 1]));
        }
        return Map.copyOf(fields);
    }
}
