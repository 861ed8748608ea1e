package dev.ledgerline.projection.store;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A balance's settled totals at {@code snapshotAt}, summed from its entries with a version up to {@code throughVersion}
 * (whose hash is {@code throughHash}: the chain head the snapshot stands on).
 */
public record BalanceSnapshot(String balanceId, Instant snapshotAt, String currency, BigInteger creditBalance,
                              BigInteger debitBalance, long entries, long throughVersion, String throughHash,
                              Instant createdAt) {

    public BigInteger balance() {
        return creditBalance.subtract(debitBalance);
    }
}
