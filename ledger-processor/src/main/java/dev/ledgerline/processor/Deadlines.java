package dev.ledgerline.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.CoordinatorDecisions.Deadline;

/**
 * Durable timers of the transaction coordinator, kept in its changelogged {@code deadlines-store}
 * so they survive any restart (Blnk keeps them only in Redis, issue #336). Keys sort by due time:
 * {@code <due ms, 19 digits>|<kind>|<transaction id>}, so "everything due" is one range scan.
 */
final class Deadlines {

    record Due(String key, long dueMs, Deadline kind, String transactionId) {
    }

    private final KeyValueStore<String, String> store;

    Deadlines(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void add(long dueMs, Deadline kind, String transactionId) {
        store.put(key(dueMs, stored(kind), transactionId), stored(kind));
    }

    /** Every deadline due at or before {@code nowMs}, oldest first (removed by {@link #remove}). */
    List<Due> dueAt(long nowMs) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(key(0, "", ""), key(nowMs, "~", "~"))) {
            while (it.hasNext()) {
                KeyValue<String, String> next = it.next();
                String[] parts = next.key.split("\\|", 3);
                due.add(new Due(next.key, Long.parseLong(parts[0]), Deadline.valueOf(parts[1].toUpperCase(Locale.ROOT)),
                        parts[2]));
            }
        }
        return due;
    }

    void remove(Due due) {
        store.delete(due.key());
    }

    /** The kind as stored in keys and values since the first version: "start", "expire", "commit". */
    private static String stored(Deadline kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String key(long dueMs, String kind, String transactionId) {
        return String.format("%019d|%s|%s", Math.max(0, dueMs), kind, transactionId);
    }
}
