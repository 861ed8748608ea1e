package dev.ledgerline.projection.store;

import java.util.List;

import dev.ledgerline.wire.v1.AccountRecord;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionMetadataRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/** The decoded events of one poll, written to PostgreSQL in one database transaction. */
public record ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                              List<TransactionRecord> transactions, List<PositionedSeal> seals,
                              List<BalanceMonitorRecord> monitors, List<IdentityRecord> identities,
                              List<AccountRecord> accounts, List<TransactionMetadataRecord> transactionMetadata) {

    public ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                           List<TransactionRecord> transactions, List<PositionedSeal> seals,
                           List<BalanceMonitorRecord> monitors, List<IdentityRecord> identities,
                           List<AccountRecord> accounts) {
        this(ledgers, entries, transactions, seals, monitors, identities, accounts, List.of());
    }

    public ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                           List<TransactionRecord> transactions, List<PositionedSeal> seals,
                           List<BalanceMonitorRecord> monitors, List<IdentityRecord> identities) {
        this(ledgers, entries, transactions, seals, monitors, identities, List.of());
    }

    public ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                           List<TransactionRecord> transactions, List<PositionedSeal> seals,
                           List<BalanceMonitorRecord> monitors) {
        this(ledgers, entries, transactions, seals, monitors, List.of());
    }

    public ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                           List<TransactionRecord> transactions, List<PositionedSeal> seals) {
        this(ledgers, entries, transactions, seals, List.of());
    }

    public ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                           List<TransactionRecord> transactions) {
        this(ledgers, entries, transactions, List.of());
    }

    /** A seal with its offset in {@code ledger.seals}. */
    public record PositionedSeal(SealRecord seal, int partition, long offset) {
    }

    /** A balance entry together with where it sits in {@code ledger.entries} (kept for audit and replay checks). */
    public record PositionedEntry(BalanceEntry entry, int partition, long offset) {
    }

    public boolean isEmpty() {
        return ledgers.isEmpty() && entries.isEmpty() && transactions.isEmpty() && seals.isEmpty()
                && monitors.isEmpty() && identities.isEmpty() && accounts.isEmpty()
                && transactionMetadata.isEmpty();
    }

    public int size() {
        return ledgers.size() + entries.size() + transactions.size() + seals.size() + monitors.size() + identities.size()
                + accounts.size() + transactionMetadata.size();
    }
}
