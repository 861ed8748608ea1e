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

        /** The partition's records from {@code fromOffset} on (0: all). */
        RecordStream<BalanceEntry> entries(int partition, long fromOffset);

        RecordStream<SealRecord> seals(int partition, long fromOffset);

        RecordStream<TransactionRecord> transactions(int partition, long fromOffset);

        /** Where the reading of a partition ends (the next offset after it). */
        long endOffset(String topic, int partition);

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
        public RecordStream<BalanceEntry> entries(int partition, long fromOffset) {
            return RecordStream.of(from(entries, partition, fromOffset));
        }

        @Override
        public RecordStream<SealRecord> seals(int partition, long fromOffset) {
            return RecordStream.of(from(seals, partition, fromOffset));
        }

        @Override
        public RecordStream<TransactionRecord> transactions(int partition, long fromOffset) {
            return RecordStream.of(from(transactions, partition, fromOffset));
        }

        @Override
        public long endOffset(String topic, int partition) {
            List<? extends LogRecord<?>> records = dev.ledgerline.schemas.Topics.ENTRIES.equals(topic) ? entries
                    : dev.ledgerline.schemas.Topics.SEALS.equals(topic) ? seals : transactions;
            return records.stream().filter(r -> r.partition() == partition).mapToLong(r -> r.offset() + 1).max().orElse(0);
        }

        private static <T> List<LogRecord<T>> from(List<LogRecord<T>> records, int partition, long fromOffset) {
            return records.stream().filter(r -> r.partition() == partition && r.offset() >= fromOffset).toList();
        }
    }
}
