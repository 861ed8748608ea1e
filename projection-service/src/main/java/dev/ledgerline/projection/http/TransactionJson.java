package dev.ledgerline.projection.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ledgerline.core.Amounts;
import dev.ledgerline.core.InvalidAmountException;
import dev.ledgerline.projection.store.TransactionRow;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Blnk's transaction object ({@code model.Transaction}). {@code amount} and {@code overdraft_limit}
 * are major units, computed exactly from the stored minor units; Blnk sends a float64 there, we send
 * the exact decimal as a plain JSON number.
 */
public record TransactionJson(
        @JsonProperty("transaction_id") String transactionId,
        @JsonProperty("parent_transaction") String parentTransaction,
        @JsonProperty("precise_amount") BigInteger preciseAmount,
        @JsonProperty("amount") @JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal amount,
        @JsonProperty("amount_string") String amountString,
        @JsonProperty("precision") long precision,
        @JsonProperty("overdraft_limit") @JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal overdraftLimit,
        @JsonProperty("source") String source,
        @JsonProperty("destination") String destination,
        @JsonProperty("reference") String reference,
        @JsonProperty("currency") String currency,
        @JsonProperty("description") String description,
        @JsonProperty("status") String status,
        @JsonProperty("hash") String hash,
        @JsonProperty("allow_overdraft") boolean allowOverdraft,
        @JsonProperty("inflight") boolean inflight,
        @JsonProperty("skip_queue") boolean skipQueue,
        @JsonProperty("atomic") boolean atomic,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("effective_date") @JsonInclude(JsonInclude.Include.NON_NULL) String effectiveDate,
        @JsonProperty("scheduled_for") String scheduledFor,
        @JsonProperty("inflight_expiry_date") String inflightExpiryDate,
        @JsonProperty("inflight_commit_date") String inflightCommitDate,
        @JsonProperty("meta_data") @JsonRawValue String metaData) {

    public static TransactionJson of(TransactionRow row) {
        return new TransactionJson(
                row.transactionId(), row.parentTransaction(), row.preciseAmount(),
                majorUnits(row.preciseAmount(), row.precision()),
                majorUnits(row.preciseAmount(), row.precision()).toPlainString(),
                row.precision(),
                majorUnits(row.overdraftLimit(), row.precision()),
                row.source(), row.destination(), row.reference(), row.currency(), row.description(),
                row.status(), row.hash(), row.allowOverdraft(), inflight(row.status(), row.inflight()),
                row.skipQueue(),
                false, // request-only flag (bulk); Blnk does not persist it either
                BlnkTime.format(row.createdAt()),
                row.effectiveDate() == null ? null : BlnkTime.format(row.effectiveDate()),
                BlnkTime.format(row.scheduledFor()), BlnkTime.format(row.inflightExpiryDate()),
                BlnkTime.format(row.inflightCommitDate()),
                row.metaDataJson());
    }

    /**
     * An INFLIGHT record is inflight; a QUEUED or SCHEDULED record says what the request said; every
     * other record (APPLIED commit children, VOID, REJECTED) is terminal and never says
     * {@code inflight:true} (Blnk #293, where terminal rows kept the flag).
     */
    static boolean inflight(String status, boolean recorded) {
        return switch (status) {
            case "INFLIGHT" -> true;
            case "QUEUED", "SCHEDULED" -> recorded;
            default -> false;
        };
    }

    /**
     * {@code minor / precision} exactly, via ledger-core. A stored record whose precision ledger-core
     * would refuse (0, or one that does not divide exactly, such as 3) must still be readable, so it
     * falls back to 34 significant digits instead of failing the request.
     */
    static BigDecimal majorUnits(BigInteger minor, long precision) {
        try {
            return Amounts.toMajor(minor, precision);
        } catch (InvalidAmountException unusualPrecision) {
            BigDecimal divisor = BigDecimal.valueOf(Math.max(precision, 1));
            BigDecimal major = new BigDecimal(minor).divide(divisor, MathContext.DECIMAL128);
            return major.signum() == 0 ? BigDecimal.ZERO : major.stripTrailingZeros();
        }
    }
}
