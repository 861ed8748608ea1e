package dev.ledgerline.projection.http;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code GET /balances/{id}?include=identity&include=ledger}: the balance with Blnk's embedded identity (no
 * {@code identity_type}, no {@code meta_data}) and ledger (no {@code meta_data}). A balance without an identity has
 * no {@code identity} key (Blnk answers 500 there).
 */
public record BalanceWithIncludes(
        @JsonUnwrapped BalanceJson balance,
        @JsonProperty("identity") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> identity,
        @JsonProperty("ledger") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> ledger) {
}
