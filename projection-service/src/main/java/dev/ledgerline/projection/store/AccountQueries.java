package dev.ledgerline.projection.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of {@code accounts}, each with the fields of its identity that make the name of an account created without
 * one (personal fields stay sealed here; the controller opens them as identity reads do).
 */
@Component
public class AccountQueries {

    /** The identity parts of an account's name, by column. */
    static final List<String> NAME_FIELDS = List.of("identity_type", "organization_name", "first_name", "last_name");
    private static final String COLUMNS = "account_id, name, number, bank_name, currency, ledger_id, identity_id,"
            + " balance_id, meta_data::text AS meta_data, created_at, idt_identity_type, idt_organization_name,"
            + " idt_first_name, idt_last_name, idt_tokenized_fields";
    /** Accounts with their identity's name fields, under the table's own name so filters read as on any table. */
    private static final String WITH_NAMES = "(SELECT a.*, i.identity_type AS idt_identity_type,"
            + " i.organization_name AS idt_organization_name, i.first_name AS idt_first_name,"
            + " i.last_name AS idt_last_name, i.tokenized_fields::text AS idt_tokenized_fields"
            + " FROM accounts a LEFT JOIN identities i ON i.identity_id = a.identity_id AND NOT i.deleted) AS accounts";

    private final FilteredTable<AccountRow> accounts;

    public AccountQueries(DatabaseClient db) {
        this.accounts = new FilteredTable<>(db, FilterSchema.ACCOUNTS, COLUMNS, WITH_NAMES, AccountQueries::toRow);
    }

    public Mono<AccountRow> byId(String accountId) {
        return accounts.one("account_id", accountId);
    }

    /** One page of the filtered, sorted list (default newest first); 400 before the database for a bad query. */
    public Flux<AccountRow> list(ListQuery query) {
        return accounts.page(query);
    }

    public Mono<Long> count(ListQuery query) {
        return accounts.count(query);
    }

    private static AccountRow toRow(io.r2dbc.spi.Readable row) {
        Map<String, String> identity = new LinkedHashMap<>();
        for (String field : NAME_FIELDS) {
            String value = row.get("idt_" + field, String.class);
            identity.put(field, value == null ? "" : value);
        }
        return new AccountRow(Columns.text(row, "account_id"), Columns.text(row, "name"), Columns.text(row, "number"),
                Columns.text(row, "bank_name"), Columns.text(row, "currency"), Columns.text(row, "ledger_id"),
                Columns.text(row, "identity_id"), Columns.text(row, "balance_id"), Columns.text(row, "meta_data"),
                Columns.time(row, "created_at"), identity, names(row.get("idt_tokenized_fields", String.class)));
    }

    /** The stored JSON array of struct names ({@code ["FirstName"]}); they hold letters only. */
    private static List<String> names(String json) {
        List<String> names = new ArrayList<>();
        if (json == null) {
            return names;
        }
        for (String part : json.replaceAll("[\\[\\]\" ]", "").split(",")) {
            if (!part.isEmpty()) {
                names.add(part);
            }
        }
        return names;
    }
}
