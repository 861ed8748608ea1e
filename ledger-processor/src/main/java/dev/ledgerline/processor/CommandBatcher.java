package dev.ledgerline.processor;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;

/**
 * The context a stage sees while one input record is handled: the internal commands it forwards (legs, outcomes,
 * commands for other coordinators) are held per sink and target partition and, when the record is done
 * ({@link #flush}), written as one {@link CommandBatch} record per partition instead of one record per command
 * (a single command too). The commands for the task's own partition are not written at all: they are handed to
 * {@link LocalHandOff}, and the task runs them next. Everything else (public events, replies, dead letters, store
 * access, punctuations) goes straight through.
 *
 * <p>A batch's record timestamp is when the work it continues entered the ledger ({@link LocalHandOff#callOriginMs}:
 * for a transfer, when the gateway accepted it), not when the batch was written; each command inside keeps its own
 * timestamp, which is the "now" its stage decides with. Why: a task reads its input partitions in timestamp order,
 * so a leg of a transfer accepted at <i>t</i> is run before the commands accepted after <i>t</i> that wait on the
 * entry topic. Stamped with the time it was written, it waited behind every command accepted before that moment,
 * and under a backlog each hop of a transfer waited about as long as the entry queue again (a bulk burst: the entry
 * queue's wait 10 s, a transfer's 30-50 s). Work in progress now finishes before new work starts.
 *
 * <p>Why it is safe: every command of a batch is keyed to the batch's partition, so the same task reads it as it
 * would have read the single records, in the same order (a partition's commands stay in the order they were
 * forwarded); the batch is written in the same Kafka transaction as everything else the input record caused.
 */
final class CommandBatcher extends ForwardingProcessorContext {

    /** Above this many encoded bytes a partition's batch is written and a new one started (topics take 1 MB). */
    static final int MAX_BATCH_BYTES = 512 * 1024;

    /**
     * Where the commands of one internal sink go when several are batched, how each is encoded, and the topic a
     * command handed off locally would have been read from.
     */
    record BatchTarget(String batchSink, Serializer<Object> values, String topic) {
    }

    private final Map<String, BatchTarget> targets;
    private final int partitions;
    private final LocalHandOff local;
    /** sink → partition → the commands forwarded there by the current input record, in order */
    private final Map<String, Map<Integer, List<Record<String, Object>>>> held = new LinkedHashMap<>();
    private boolean collecting;

    CommandBatcher(ProcessorContext<String, Object> context, Map<String, BatchTarget> targets, int partitions,
                   LocalHandOff local) {
        super(context);
        this.targets = targets;
        this.partitions = partitions;
        this.local = local;
    }

    /** From now on, internal commands are held until {@link #flush}. */
    private void begin() {
        collecting = true;
    }

    /**
     * Writes what was held: per sink and partition, one record, or one batch of several; the task's own partition's
     * commands are handed off locally instead, encoded as they would have been written.
     */
    private void flush() {
        collecting = false;
        for (Map.Entry<String, Map<Integer, List<Record<String, Object>>>> sink : held.entrySet()) {
            BatchTarget target = targets.get(sink.getKey());
            for (Map.Entry<Integer, List<Record<String, Object>>> partition : sink.getValue().entrySet()) {
                List<Record<String, Object>> commands = partition.getValue();
                if (local.takes(partition.getKey())) {
                    handOff(commands, target);
                } else {
                    local.sentToTopic(commands.size());
                    writeBatches(commands, target);
                }
            }
        }
        held.clear();
    }

    private void handOff(List<Record<String, Object>> commands, BatchTarget target) {
        for (Record<String, Object> command : commands) {
            local.handOff(target.topic(), new Record<>(command.key(), target.values().serialize(target.topic(),
                    command.value()), command.timestamp(), command.headers()));
        }
    }

    /** Drops what was held (the input record failed as a whole). */
    private void discard() {
        collecting = false;
        held.clear();
    }

    private void writeBatches(List<Record<String, Object>> commands, BatchTarget target) {
        List<BatchedCommand> items = new ArrayList<>();
        int bytes = 0;
        for (Record<String, Object> command : commands) {
            byte[] value = target.values().serialize(null, command.value());
            if (!items.isEmpty() && bytes + value.length > MAX_BATCH_BYTES) {
                forwardBatch(items, target);
                items = new ArrayList<>();
                bytes = 0;
            }
            items.add(CommandBatches.item(command.key(), command.timestamp(), command.headers(), value));
            bytes += value.length + command.key().length();
        }
        forwardBatch(items, target);
    }

    private void forwardBatch(List<BatchedCommand> items, BatchTarget target) {
        BatchedCommand first = items.get(0);
        long origin = Math.min(local.callOriginMs(), first.getTimestampMs());
        context.forward(new Record<String, Object>(first.getKey(), new CommandBatch(items), origin), target.batchSink());
    }

    /**
     * The partitioner of a batch sink: the partition of the batch's key, after checking that every item maps
     * there too (it cannot, only if the topic's partition count differs from the one the batcher was built with;
     * then writing would hand a balance to a second writer, so the task stops instead).
     */
    static Optional<Set<Integer>> batchPartition(String topic, String key, Object value, int numPartitions) {
        int partition = CommandBatches.partitionOf(key, numPartitions);
        for (BatchedCommand item : ((CommandBatch) value).getItems()) {
            if (CommandBatches.partitionOf(item.getKey(), numPartitions) != partition) {
                throw new IllegalStateException("a command batch for " + topic + " partition " + partition
                        + " holds a key of another partition: the topic has " + numPartitions
                        + " partitions, not the count the processor started with");
            }
        }
        return Optional.of(Set.of(partition));
    }

    /**
     * A punctuation (a due deadline, a seal) is handled like an input record: the internal commands it forwards are
     * held and written, or handed off for this task's own partition, when it ends; if it fails, none is.
     */
    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        return context.schedule(interval, type, timestamp -> collecting(() -> callback.punctuate(timestamp)));
    }

    /**
     * Runs {@code work} (an input record's or a punctuation's) with internal commands held, then writes or hands
     * them off; if it fails, drops them and rethrows.
     */
    void collecting(Runnable work) {
        begin();
        try {
            work.run();
        } catch (RuntimeException failure) {
            discard();
            throw failure;
        }
        flush();
    }

    @Override
    public <K extends String, V> void forward(Record<K, V> record) {
        context.forward(record);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K extends String, V> void forward(Record<K, V> record, String childName) {
        if (collecting && childName != null && targets.containsKey(childName)) {
            int partition = CommandBatches.partitionOf(record.key(), partitions);
            held.computeIfAbsent(childName, ignored -> new LinkedHashMap<>())
                    .computeIfAbsent(partition, ignored -> new ArrayList<>())
                    .add((Record<String, Object>) record);
        } else {
            context.forward(record, childName);
        }
    }

}
