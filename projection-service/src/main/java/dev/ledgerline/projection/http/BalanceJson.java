package dev.ledgerline.projection.http;

import java.math.BigInteger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ledgerline.projection.store.BalanceRow;

/**
 * Blnk's balance object ({@code model.Balance}). Money is {@link BigInteger}, which Jackson writes
 * as a bare integer of any size, as Go's {@code *big.Int} does.
 */
public record BalanceJson(
        @JsonProperty("balance_id") String balanceId,
        @JsonProperty("ledger_id") String ledgerId,
        @JsonProperty("identity_id") String identityId,
        @JsonProperty("indicator") @JsonInclude(JsonInclude.Include.NON_NULL) String indicator,
        @JsonProperty("currency") String currency,
        @JsonProperty("balance") BigInteger balance,
        @JsonProperty("credit_balance") BigInteger creditBalance,
        @JsonProperty("debit_balance") BigInteger debitBalance,
        @JsonProperty("inflight_balance") BigInteger inflightBalance,
        @JsonProperty("inflight_credit_balance") BigInteger inflightCreditBalance,
        @JsonProperty("inflight_debit_balance") BigInteger inflightDebitBalance,
        @JsonProperty("queued_debit_balance") @JsonInclude(JsonInclude.Include.NON_NULL) BigInteger queuedDebitBalance,
        @JsonProperty("queued_credit_balance") @JsonInclude(JsonInclude.Include.NON_NULL) BigInteger queuedCreditBalance,
        @JsonProperty("version") long version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("inflight_expires_at") String inflightExpiresAt,
        @JsonProperty("meta_data") @JsonRawValue String metaData,
        @JsonProperty("track_fund_lineage") boolean trackFundLineage,
        @JsonProperty("allocation_strategy") String allocationStrategy) {

    public static BalanceJson of(BalanceRow row) {
        return of(row, null, null);
    }

    /** With {@code ?with_queued=true}: the queued sums are shown (Blnk omits them otherwise). */
    public static BalanceJson of(BalanceRow row, BigInteger queuedDebit, BigInteger queuedCredit) {
        return new BalanceJson(row.balanceId(), row.ledgerId(), row.identityId(), row.indicator(), row.currency(),
                row.balance(), row.creditBalance(), row.debitBalance(),
                row.inflightBalance(), row.inflightCreditBalance(), row.inflightDebitBalance(),
                queuedDebit, queuedCredit,
                row.version(), BlnkTime.format(row.createdAt()),
                BlnkTime.ZERO, // legacy Blnk field, always the zero time there too
                row.metaDataJson(),
                // Blnk reads a missing strategy as FIFO, on every balance.
                row.tracksFundLineage(), row.tracksFundLineage() ? row.allocationStrategy() : "FIFO");
    }
}
