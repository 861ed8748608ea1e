package dev.ledgerline.core;

import java.math.BigInteger;

/**
 * Blnk's per-record {@code hash}, made verifiable: SHA-256 over the canonical encoding of the
 * record's stored fields, in this order: transaction_id, parent_transaction, reference, source,
 * destination, precise_amount, precision, currency, status, created_at_ms. Anyone holding the
 * record can recompute it (docs/EVENTS.md).
 */
public final class TransactionHash {

    private TransactionHash() {
    }

    public static String of(String transactionId, String parentTransaction, String reference, String source,
                            String destination, BigInteger preciseAmount, long precision, String currency,
                            String status, long createdAtMs) {
        return new Canonical()
                .add(transactionId)
                .add(parentTransaction)
                .add(reference)
                .add(source)
                .add(destination)
                .add(preciseAmount.toString())
                .add(precision)
                .add(currency)
                .add(status)
                .add(createdAtMs)
                .hash();
    }
}
