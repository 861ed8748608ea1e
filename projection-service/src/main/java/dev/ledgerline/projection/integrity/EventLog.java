package dev.ledgerline.projection.integrity;

import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Where the verifier reads the event log from: Kafka in production ({@link KafkaEventLog}), lists in tests
 * ({@link Snapshot}). A {@link Reading} streams one partition at a time, so the verifier never holds the log.
 */
public interface EventLog {

    /** Fixes where every partition ends now (the last stable offsets); the reading stops there. */
    Reading open();

    /**
     * One consistent prefix of {@code ledger.entries}, {@code ledger.seals} and {@code ledger.transactions}. Each
     * partition can be streamed any number of times, in offset order, up to the ends fixed when it was opened.
     */
    interface Reading extends AutoCloseable {

        /** Partition numbers of the entry topic, ascending (the seal topic has the same ones). */
        List<Integer> entryPartitions();

        List<Integer> transactionPartitions();

        RecordStream<BalanceEntry> entries(int partition);

        RecordStream<SealRecord> seals(int partition);

        RecordStream<TransactionRecord> transactions(int partition);

        @Override
        default void close() {
        }
    }

    /** Records of one partition in offset order; close it when done (it may hold a Kafka consumer). */
    interface RecordStream<T> extends Iterator<LogRecord<T>>, AutoCloseable {
        @Override
        default void close() {
        }

        static <T> RecordStream<T> of(List<LogRecord<T>> records) {
            Iterator<LogRecord<T>> iterator = records.iterator();
            return new RecordStream<>() {
                @Override
                public boolean hasNext() {
                    return iterator.hasNext();
                }

                @Override
                public LogRecord<T> next() {
                    return iterator.next();
                }
            };
        }
    }

    /** The whole log in memory (tests): every list in (partition, offset) order. */
    record Snapshot(List<LogRecord<BalanceEntry>> entries, List<LogRecord<SealRecord>> seals,
                    List<LogRecord<TransactionRecord>> transactions) implements Reading {

        public Snapshot(List<LogRecord<BalanceEntry>> entries, List<LogRecord<SealRecord>> seals) {
            this(entries, seals, List.of());
        }

        @Override
        public List<Integer> entryPartitions() {
            TreeSet<Integer> partitions = new TreeSet<>();
            entries.forEach(r -> partitions.add(r.partition()));
            seals.forEach(r -> partitions.add(r.partition()));
            return List.copyOf(partitions);
        }

        @Override
        public List<Integer> transactionPartitions() {
            return transactions.stream().map(LogRecord::partition).distinct().sorted().toList();
        }

        @Override
        public RecordStream<BalanceEntry> entries(int partition) {
            return RecordStream.of(entries.stream().filter(r -> r.partition() == partition).toList());
        }

        @Override
        public RecordStream<SealRecord> seals(int partition) {
            return RecordStream.of(seals.stream().filter(r -> r.partition() == partition).toList());
        }

        @Override
        public RecordStream<TransactionRecord> transactions(int partition) {
            return RecordStream.of(transactions.stream().filter(r -> r.partition() == partition).toList());
        }
    }
}
