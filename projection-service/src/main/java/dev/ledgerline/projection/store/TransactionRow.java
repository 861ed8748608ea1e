package dev.ledgerline.projection.store;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A row of {@code transactions}. {@code metaDataJson} already carries the keys Blnk adds on read
 * ({@code blnk_rejection_reason}, {@code QUEUED_PARENT_TRANSACTION}); {@code effectiveDate} and the three v2 dates may be null.
 */
public record TransactionRow(String transactionId, String parentTransaction, String reference, String source,
                             String destination, BigInteger preciseAmount, long precision, String currency,
                             String description, String status, boolean allowOverdraft, boolean inflight,
                             BigInteger overdraftLimit, String metaDataJson, Instant createdAt, Instant effectiveDate,
                             String hash, String sourceBalanceId, String destinationBalanceId, boolean skipQueue,
                             Instant scheduledFor, Instant inflightExpiryDate, Instant inflightCommitDate) {
}
