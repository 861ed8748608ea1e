package dev.ledgerline.projection.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.ledgerline.core.identity.IdentityField;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of {@code identities}; a deleted identity's row is never served. */
@Component
public class IdentityQueries {

    private static final String COLUMNS = "identity_id, "
            + List.of(IdentityField.values()).stream().map(IdentityField::wire).collect(Collectors.joining(", "))
            + ", dob, meta_data::text AS meta_data, tokenized_fields::text AS tokenized_fields, created_at";
    /** The live identities under the table's own name, so filters and ordering read as on any table. */
    private static final String LIVE = "(SELECT * FROM identities WHERE NOT deleted) AS identities";

    private final FilteredTable<IdentityRow> identities;

    public IdentityQueries(DatabaseClient db) {
        this.identities = new FilteredTable<>(db, FilterSchema.IDENTITIES, COLUMNS, LIVE, IdentityQueries::toRow);
    }

    public Mono<IdentityRow> byId(String identityId) {
        return identities.one("identity_id", identityId);
    }

    /** One page of the filtered, sorted list (default newest first); 400 before the database for a bad query. */
    public Flux<IdentityRow> list(ListQuery query) {
        return identities.page(query);
    }

    public Mono<Long> count(ListQuery query) {
        return identities.count(query);
    }

    private static IdentityRow toRow(io.r2dbc.spi.Readable row) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (IdentityField field : IdentityField.values()) {
            fields.put(field.wire(), Columns.text(row, field.wire()));
        }
        return new IdentityRow(Columns.text(row, "identity_id"), fields, Columns.time(row, "dob"),
                Columns.text(row, "meta_data"), names(Columns.text(row, "tokenized_fields")),
                Columns.time(row, "created_at"));
    }

    /** The stored JSON array of struct names ({@code ["PhoneNumber"]}); they hold letters only. */
    private static List<String> names(String json) {
        List<String> names = new ArrayList<>();
        for (String part : json.replaceAll("[\\[\\]\" ]", "").split(",")) {
            if (!part.isEmpty()) {
                names.add(part);
            }
        }
        return names;
    }
}
