package dev.ledgerline.projection.integrity;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/** The read model as the verifier sees it: the {@code balances} rows. */
public interface ProjectionView {

    /** The rows of the given balances (absent ids have no row). */
    Map<String, ProjectedBalance> balances(Set<String> balanceIds);

    record ProjectedBalance(String balanceId, long version, String headHash, BigInteger balance,
                            BigInteger creditBalance, BigInteger debitBalance, BigInteger inflightBalance,
                            BigInteger inflightCreditBalance, BigInteger inflightDebitBalance) {
    }
}
