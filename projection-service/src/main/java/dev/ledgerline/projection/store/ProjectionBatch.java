package dev.ledgerline.projection.store;

import java.util.List;

import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/** The decoded events of one poll, written to PostgreSQL in one database transaction. */
public record ProjectionBatch(List<LedgerRecord> ledgers, List<PositionedEntry> entries,
                              List<TransactionRecord> transactions) {

    /** A balance entry together with where it sits in {@code ledger.entries} (kept for audit and replay checks). */
    public record PositionedEntry(BalanceEntry entry, int partition, long offset) {
    }

    public boolean isEmpty() {
        return ledgers.isEmpty() && entries.isEmpty() && transactions.isEmpty();
    }

    public int size() {
        return ledgers.size() + entries.size() + transactions.size();
    }
}
