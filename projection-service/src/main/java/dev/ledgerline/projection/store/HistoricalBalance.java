package dev.ledgerline.projection.store;

import java.math.BigInteger;

/** A balance's settled totals at a point in effective time, and how many entries they were summed from. */
public record HistoricalBalance(String balanceId, String currency, BigInteger creditBalance, BigInteger debitBalance,
                                long entries) {

    public BigInteger balance() {
        return creditBalance.subtract(debitBalance);
    }
}
