package dev.ledgerline.processor;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The context a stage sees, holding back everything it does with one input record (store writes and
 * forwarded records) until the record is done. {@link #apply} then writes it all; {@link #discard} drops it,
 * so a record that fails half-way leaves no trace and can be set aside whole ({@link DeadLetterGuard}).
 * Outside a record (punctuations, {@code init}) writes go straight through.
 */
final class RecordEffects extends ForwardingProcessorContext {

    private final Map<String, BufferedKeyValueStore<?>> stores = new HashMap<>();
    private final List<Forward> forwards = new ArrayList<>();
    private boolean open;

    private record Forward(Record<String, Object> record, String child) {
    }

    RecordEffects(ProcessorContext<String, Object> context) {
        super(context);
    }

    /** From now on, effects are held back. */
    void begin() {
        open = true;
    }

    /** Writes what was held back: store writes first, then the forwarded records, in order. */
    void apply() {
        open = false;
        stores.values().forEach(BufferedKeyValueStore::apply);
        for (Forward forward : forwards) {
            if (forward.child() == null) {
                context.forward(forward.record());
            } else {
                context.forward(forward.record(), forward.child());
            }
        }
        forwards.clear();
    }

    /** Drops what was held back. */
    void discard() {
        open = false;
        stores.values().forEach(BufferedKeyValueStore::discard);
        forwards.clear();
    }

    boolean isOpen() {
        return open;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K extends String, V> void forward(Record<K, V> record) {
        if (open) {
            forwards.add(new Forward((Record<String, Object>) record, null));
        } else {
            context.forward(record);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K extends String, V> void forward(Record<K, V> record, String childName) {
        if (open) {
            forwards.add(new Forward((Record<String, Object>) record, childName));
        } else {
            context.forward(record, childName);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String name) {
        StateStore store = context.getStateStore(name);
        if (!(store instanceof KeyValueStore<?, ?>)) {
            return (S) store;
        }
        return (S) stores.computeIfAbsent(name,
                ignored -> new BufferedKeyValueStore<>((KeyValueStore<String, Object>) store, this::isOpen));
    }
}
