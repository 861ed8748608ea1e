package dev.ledgerline.projection.integrity;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read model as the verifier sees it: the {@code balances} and {@code balance_entries} rows, asked for in chunks. */
public interface ProjectionView {

    /** The rows of the given balances (absent ids have no row). */
    Map<String, ProjectedBalance> balances(Set<String> balanceIds);

    /** The {@code balance_entries} rows of the given (balance, version) pairs, in any order (absent ones have no row). */
    List<ProjectedEntry> entries(Collection<EntryKey> keys);

    record EntryKey(String balanceId, long version) {
    }

    record ProjectedEntry(String balanceId, long version, String kind, String transactionId, BigInteger amount,
                          BigInteger balance, BigInteger creditBalance, BigInteger debitBalance,
                          BigInteger inflightBalance, BigInteger inflightCreditBalance,
                          BigInteger inflightDebitBalance, String prevHash, String hash, int partition, long offset) {
    }

    record ProjectedBalance(String balanceId, long version, String headHash, BigInteger balance,
                            BigInteger creditBalance, BigInteger debitBalance, BigInteger inflightBalance,
                            BigInteger inflightCreditBalance, BigInteger inflightDebitBalance) {
    }
}
