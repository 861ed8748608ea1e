package dev.ledgerline.projection.store;

import java.math.BigInteger;
import java.time.Instant;

/** A row of {@code balances}: the state after the balance's newest projected entry. */
public record BalanceRow(String balanceId, String ledgerId, String identityId, String indicator, String currency,
                         BigInteger balance, BigInteger creditBalance, BigInteger debitBalance,
                         BigInteger inflightBalance, BigInteger inflightCreditBalance, BigInteger inflightDebitBalance,
                         long version, Instant createdAt, String metaDataJson, String allocationStrategy) {

    /** Whether the balance tracks fund lineage (it then has a strategy). */
    public boolean tracksFundLineage() {
        return allocationStrategy != null;
    }
}
