package dev.ledgerline.core;

import java.math.BigInteger;

/**
 * One change of one balance, sealed when written: {@code hash = SHA-256(prev_hash || canonical bytes)}
 * where the canonical bytes are {@link #canonical()} (field order documented in docs/EVENTS.md).
 * The entry carries the resulting balance fields, so a reader needs nothing else to know the balance.
 */
public record Entry(
        String balanceId,
        long version,
        EntryKind kind,
        String ledgerId,
        String currency,
        String indicator,
        String identityId,
        String transactionId,
        BigInteger amount,
        BigInteger balance,
        BigInteger creditBalance,
        BigInteger debitBalance,
        BigInteger inflightBalance,
        BigInteger inflightCreditBalance,
        BigInteger inflightDebitBalance,
        String metaDataJson,
        long balanceCreatedAtMs,
        long recordedAtMs,
        long effectiveAtMs,
        String prevHash,
        String hash) {

    /** The canonical encoding of every field except the two hashes. */
    public Canonical canonical() {
        return new Canonical()
                .add(balanceId)
                .add(version)
                .add(kind.name())
                .add(ledgerId)
                .add(currency)
                .add(indicator)
                .add(identityId)
                .add(transactionId)
                .add(amount.toString())
                .add(balance.toString())
                .add(creditBalance.toString())
                .add(debitBalance.toString())
                .add(inflightBalance.toString())
                .add(inflightCreditBalance.toString())
                .add(inflightDebitBalance.toString())
                .add(metaDataJson)
                .add(balanceCreatedAtMs)
                .add(recordedAtMs)
                .add(effectiveAtMs);
    }

    /** The hash this entry must carry given its {@code prevHash}. */
    public String expectedHash() {
        return canonical().chainHash(prevHash);
    }

    /** The entry that records {@code after} as the result of {@code kind} moving {@code amount}, sealed onto {@code prevHash}. */
    static Entry seal(Balance after, EntryKind kind, String transactionId, BigInteger amount,
                      long recordedAtMs, long effectiveAtMs, String prevHash) {
        Entry unsealed = new Entry(after.balanceId(), after.version(), kind, after.ledgerId(), after.currency(),
                after.indicator(), after.identityId(), transactionId, amount, after.balance(),
                after.creditBalance(), after.debitBalance(), after.inflightBalance(),
                after.inflightCreditBalance(), after.inflightDebitBalance(), after.metaDataJson(),
                after.createdAtMs(), recordedAtMs, effectiveAtMs, prevHash, null);
        return unsealed.withHash(unsealed.expectedHash());
    }

    private Entry withHash(String newHash) {
        return new Entry(balanceId, version, kind, ledgerId, currency, indicator, identityId, transactionId, amount,
                balance, creditBalance, debitBalance, inflightBalance, inflightCreditBalance, inflightDebitBalance,
                metaDataJson, balanceCreatedAtMs, recordedAtMs, effectiveAtMs, prevHash, newHash);
    }
}
