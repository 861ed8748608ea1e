package dev.ledgerline.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Move {@code amount} minor units of {@code currency} from {@code sourceId} to {@code destinationId}.
 * An indicator is set when the client named that side as {@code @Name}: such a balance is created
 * in the General Ledger on first use. {@code overdraftLimit} is in minor units; zero means none.
 * An {@code inflight} transfer holds the amount (two-phase) instead of settling it.
 */
public record Transfer(
        String transactionId,
        String sourceId,
        String destinationId,
        String sourceIndicator,
        String destinationIndicator,
        BigInteger amount,
        String currency,
        boolean allowOverdraft,
        BigInteger overdraftLimit,
        long effectiveAtMs,
        boolean inflight) {

    public Transfer {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(destinationId, "destinationId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        overdraftLimit = overdraftLimit == null ? BigInteger.ZERO : overdraftLimit;
    }

    /** A settling (not inflight) transfer. */
    public Transfer(String transactionId, String sourceId, String destinationId, String sourceIndicator,
                    String destinationIndicator, BigInteger amount, String currency, boolean allowOverdraft,
                    BigInteger overdraftLimit, long effectiveAtMs) {
        this(transactionId, sourceId, destinationId, sourceIndicator, destinationIndicator, amount, currency,
                allowOverdraft, overdraftLimit, effectiveAtMs, false);
    }
}
