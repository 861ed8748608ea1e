package dev.ledgerline.projection.integrity;

import java.util.List;

import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/** Where the verifier reads the event log from: Kafka in production, lists in tests. */
public interface EventLog {

    /**
     * Every committed record of {@code ledger.entries}, {@code ledger.seals} and {@code ledger.transactions},
     * each list in (partition, offset) order.
     */
    Snapshot read();

    record Snapshot(List<LogRecord<BalanceEntry>> entries, List<LogRecord<SealRecord>> seals,
                    List<LogRecord<TransactionRecord>> transactions) {

        public Snapshot(List<LogRecord<BalanceEntry>> entries, List<LogRecord<SealRecord>> seals) {
            this(entries, seals, List.of());
        }
    }
}
