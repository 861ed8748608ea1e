package dev.ledgerline.projection;

import java.math.BigInteger;

import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/** Builders for the public events the processor writes, with plausible defaults. */
public final class Events {

    public static final long CREATED_AT_MS = 1_704_121_445_123L; // 2024-01-01T15:04:05.123Z
    public static final String ZERO_HASH = "0".repeat(64);

    private Events() {
    }

    public static LedgerRecord ledger(String ledgerId, String name) {
        return LedgerRecord.newBuilder()
                .setLedgerId(ledgerId)
                .setName(name)
                .setMetaDataJson("{\"team\":\"payments\"}")
                .setCreatedAtMs(CREATED_AT_MS)
                .build();
    }

    public static BalanceEntry open(String balanceId, String indicator, String currency) {
        return entry(balanceId, 0, EntryKind.OPEN, indicator, currency, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    }

    /** The entry at {@code version} whose resulting balance has these credit and debit totals. */
    public static BalanceEntry entry(String balanceId, long version, EntryKind kind, String indicator, String currency,
                              BigInteger amount, BigInteger credit, BigInteger debit) {
        return BalanceEntry.newBuilder()
                .setBalanceId(balanceId)
                .setVersion(version)
                .setKind(kind)
                .setLedgerId(indicator == null ? "ldg_test" : "general_ledger_id")
                .setCurrency(currency)
                .setIndicator(indicator)
                .setIdentityId("")
                .setTransactionId(version == 0 ? null : "txn_" + balanceId + "_" + version)
                .setAmount(amount.toString())
                .setBalance(credit.subtract(debit).toString())
                .setCreditBalance(credit.toString())
                .setDebitBalance(debit.toString())
                .setMetaDataJson("{}")
                .setBalanceCreatedAtMs(CREATED_AT_MS)
                .setRecordedAtMs(CREATED_AT_MS + version)
                .setEffectiveAtMs(CREATED_AT_MS + version)
                .setPrevHash(version == 0 ? ZERO_HASH : "p".repeat(63) + version)
                .setHash("h".repeat(63) + version)
                .build();
    }

    public static TransactionRecord.Builder transaction(String transactionId, String reference) {
        return TransactionRecord.newBuilder()
                .setTransactionId(transactionId)
                .setParentTransaction("")
                .setReference(reference)
                .setSource("@World")
                .setDestination("bln_dest")
                .setPreciseAmount("1000000")
                .setPrecision(100)
                .setCurrency("USD")
                .setDescription("rent")
                .setStatus("QUEUED")
                .setAllowOverdraft(true)
                .setOverdraftLimit("0")
                .setInflight(false)
                .setMetaDataJson("{\"invoice\":\"inv-7\"}")
                .setCreatedAtMs(CREATED_AT_MS)
                .setEffectiveDateMs(null)
                .setHash("a".repeat(64));
    }
}
