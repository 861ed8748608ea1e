package dev.ledgerline.projection.http;

import java.math.BigInteger;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ledgerline.projection.store.HistoricalBalance;

/** Blnk's {@code GET /balances/{id}/at} answer. */
public record HistoricalBalanceJson(@JsonProperty("balance") Balance balance,
                                    @JsonProperty("timestamp") String timestamp,
                                    @JsonProperty("from_source") boolean fromSource) {

    public record Balance(@JsonProperty("balance") BigInteger balance,
                          @JsonProperty("debit_balance") BigInteger debitBalance,
                          @JsonProperty("credit_balance") BigInteger creditBalance,
                          @JsonProperty("currency") String currency,
                          @JsonProperty("balance_id") String balanceId) {
    }

    public static HistoricalBalanceJson of(HistoricalBalance at, String timestamp, boolean fromSource) {
        return new HistoricalBalanceJson(
                new Balance(at.balance(), at.debitBalance(), at.creditBalance(), at.currency(), at.balanceId()),
                timestamp, fromSource);
    }
}
