package dev.ledgerline.projection.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ledgerline.projection.store.LedgerRow;

/** Blnk's ledger object ({@code model.Ledger}). */
public record LedgerJson(
        @JsonProperty("ledger_id") String ledgerId,
        @JsonProperty("name") String name,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("meta_data") @JsonRawValue String metaData) {

    public static LedgerJson of(LedgerRow row) {
        return new LedgerJson(row.ledgerId(), row.name(), BlnkTime.format(row.createdAt()), row.metaDataJson());
    }
}
