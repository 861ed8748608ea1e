package dev.ledgerline.processor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store that, while {@code holding} says so, keeps writes in memory (reads see them) and
 * writes them on {@link #apply()} or forgets them on {@link #discard()}. Keys are strings, as in every
 * store of the topology. Range reads with pending writes merge both views (rare: the stages read ranges
 * only in punctuations, where nothing is held back).
 */
final class BufferedKeyValueStore<V> implements KeyValueStore<String, V> {

    private final KeyValueStore<String, V> store;
    private final BooleanSupplier holding;
    /** Pending writes in order; a null value is a pending delete. */
    private final Map<String, V> pending = new LinkedHashMap<>();

    BufferedKeyValueStore(KeyValueStore<String, V> store, BooleanSupplier holding) {
        this.store = store;
        this.holding = holding;
    }

    void apply() {
        for (Map.Entry<String, V> write : pending.entrySet()) {
            if (write.getValue() == null) {
                store.delete(write.getKey());
            } else {
                store.put(write.getKey(), write.getValue());
            }
        }
        pending.clear();
    }

    void discard() {
        pending.clear();
    }

    @Override
    public V get(String key) {
        if (pending.containsKey(key)) {
            return pending.get(key);
        }
        return store.get(key);
    }

    @Override
    public void put(String key, V value) {
        if (holding.getAsBoolean()) {
            pending.put(key, value);
        } else {
            store.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(String key) {
        V previous = get(key);
        if (holding.getAsBoolean()) {
            pending.put(key, null);
        } else {
            store.delete(key);
        }
        return previous;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return pending.isEmpty() ? store.range(from, to) : merged(store.range(from, to), from, to, false);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return pending.isEmpty() ? store.reverseRange(from, to) : merged(store.range(from, to), from, to, true);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return pending.isEmpty() ? store.all() : merged(store.all(), null, null, false);
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return pending.isEmpty() ? store.reverseAll() : merged(store.all(), null, null, true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        if (pending.isEmpty()) {
            return store.prefixScan(prefix, prefixKeySerializer);
        }
        String start = String.valueOf(prefix);
        NavigableMap<String, V> view = view(store.prefixScan(prefix, prefixKeySerializer), null, null);
        view.keySet().removeIf(key -> !key.startsWith(start));
        return iterator(new ArrayList<>(view.entrySet()));
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        store.init(context, root);
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }

    private KeyValueIterator<String, V> merged(KeyValueIterator<String, V> stored, String from, String to, boolean reverse) {
        List<Map.Entry<String, V>> entries = new ArrayList<>(view(stored, from, to).entrySet());
        if (reverse) {
            Collections.reverse(entries);
        }
        return iterator(entries);
    }

    /** The stored entries with the pending writes laid over them, within [from, to] when given. */
    private NavigableMap<String, V> view(KeyValueIterator<String, V> stored, String from, String to) {
        NavigableMap<String, V> view = new TreeMap<>();
        try (stored) {
            stored.forEachRemaining(entry -> view.put(entry.key, entry.value));
        }
        for (Map.Entry<String, V> write : pending.entrySet()) {
            String key = write.getKey();
            boolean inRange = (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0);
            if (!inRange) {
                continue;
            }
            if (write.getValue() == null) {
                view.remove(key);
            } else {
                view.put(key, write.getValue());
            }
        }
        return view;
    }

    private static <V> KeyValueIterator<String, V> iterator(List<Map.Entry<String, V>> entries) {
        Iterator<Map.Entry<String, V>> it = entries.iterator();
        return new KeyValueIterator<>() {
            private Map.Entry<String, V> next = it.hasNext() ? it.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue<String, V> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue<String, V> current = KeyValue.pair(next.getKey(), next.getValue());
                next = it.hasNext() ? it.next() : null;
                return current;
            }

            @Override
            public String peekNextKey() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return next.getKey();
            }

            @Override
            public void close() {
            }
        };
    }
}
