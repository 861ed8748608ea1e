package dev.ledgerline.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The state of one balance as its single writer holds it. Debits and credits only grow; the
 * balance is derived ({@code credit - debit}), as in Blnk, TigerBeetle and Formance.
 * {@code version} is the version of the last entry written for this balance and
 * {@code headHash} that entry's hash (the chain head).
 */
public record Balance(
        String balanceId,
        String ledgerId,
        String currency,
        String indicator,
        String identityId,
        BigInteger creditBalance,
        BigInteger debitBalance,
        BigInteger inflightCreditBalance,
        BigInteger inflightDebitBalance,
        long version,
        String headHash,
        long createdAtMs,
        String metaDataJson) {

    public Balance {
        Objects.requireNonNull(balanceId, "balanceId");
        Objects.requireNonNull(ledgerId, "ledgerId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(creditBalance, "creditBalance");
        Objects.requireNonNull(debitBalance, "debitBalance");
        Objects.requireNonNull(inflightCreditBalance, "inflightCreditBalance");
        Objects.requireNonNull(inflightDebitBalance, "inflightDebitBalance");
        Objects.requireNonNull(headHash, "headHash");
        identityId = identityId == null ? "" : identityId;
        metaDataJson = metaDataJson == null ? "{}" : metaDataJson;
    }

    /** Settled balance: {@code credit_balance - debit_balance}. */
    public BigInteger balance() {
        return creditBalance.subtract(debitBalance);
    }

    /** {@code inflight_credit_balance - inflight_debit_balance}. */
    public BigInteger inflightBalance() {
        return inflightCreditBalance.subtract(inflightDebitBalance);
    }

    /** What a debit may spend without overdraft: {@code balance - inflight_debit_balance}. */
    public BigInteger available() {
        return balance().subtract(inflightDebitBalance);
    }

    Balance withSettled(BigInteger credit, BigInteger debit, long newVersion, String newHeadHash) {
        return with(credit, debit, inflightCreditBalance, inflightDebitBalance, newVersion, newHeadHash);
    }

    Balance with(BigInteger credit, BigInteger debit, BigInteger inflightCredit, BigInteger inflightDebit,
                 long newVersion, String newHeadHash) {
        return new Balance(balanceId, ledgerId, currency, indicator, identityId, credit, debit,
                inflightCredit, inflightDebit, newVersion, newHeadHash, createdAtMs, metaDataJson);
    }

    Balance withHeadHash(String newHeadHash) {
        return with(creditBalance, debitBalance, inflightCreditBalance, inflightDebitBalance, version, newHeadHash);
    }
}
