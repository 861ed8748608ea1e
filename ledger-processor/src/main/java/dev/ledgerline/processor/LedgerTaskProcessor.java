package dev.ledgerline.processor;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ObjLongConsumer;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one processor node of a task: hands each input record to the stage that owns its topic (ledger registry,
 * transaction coordinator, balance worker), then runs the internal commands those stages sent to this task's own
 * partition ({@link LocalHandOff}), oldest first, until none is left, each by the stage that owns its topic. A
 * punctuation (due deadlines) is followed by its local commands the same way.
 *
 * <p>Why it keeps every promise: the task that runs a local command is the one that would have read it from the topic,
 * so each balance and each transaction still has one writer; everything the input record caused, local commands
 * included, commits or aborts in one Kafka transaction; and a transaction's commands are causally chained (each step
 * is sent by the step before), so running a step at once instead of after a topic round trip never reorders one
 * transaction's steps. Commands of different transactions for one balance were never ordered across senders.
 */
final class LedgerTaskProcessor implements Processor<String, byte[], String, Object> {

    private final Map<String, Processor<String, byte[], String, Object>> stagesByTopic;
    private final LocalHandOff handOff;
    private LocalRecordContext context;

    LedgerTaskProcessor(Map<String, Processor<String, byte[], String, Object>> stagesByTopic, LocalHandOff handOff) {
        this.stagesByTopic = stagesByTopic;
        this.handOff = handOff;
    }

    @Override
    public void init(ProcessorContext<String, Object> taskContext) {
        handOff.start(taskContext.taskId());
        context = new LocalRecordContext(taskContext, this::thenLocalCommands);
        for (Processor<String, byte[], String, Object> stage : distinctStages()) {
            stage.init(context);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        thenLocalCommands(() -> stageFor(topic).process(record), record.timestamp());
    }

    /**
     * Runs {@code cause} (an input record, or a punctuation such as a due deadline), then the local commands it
     * caused, oldest first, until none is left, all in the Kafka transaction of the cause. {@code originMs}: when the
     * cause's work entered the ledger (the input record's timestamp, or the punctuation's time).
     */
    private void thenLocalCommands(Runnable cause, long originMs) {
        handOff.startCall(originMs);
        try {
            cause.run();
            for (LocalHandOff.LocalCommand command = handOff.next(); command != null; command = handOff.next()) {
                context.runningLocal(command.topic());
                stageFor(command.topic()).process(command.record());
            }
        } finally {
            handOff.clear();
            context.runningLocal(null);
        }
    }

    private Processor<String, byte[], String, Object> stageFor(String topic) {
        Processor<String, byte[], String, Object> stage = stagesByTopic.get(topic);
        if (stage == null) {
            throw new IllegalStateException("no stage reads topic " + topic);
        }
        return stage;
    }

    private Set<Processor<String, byte[], String, Object>> distinctStages() {
        Set<Processor<String, byte[], String, Object>> stages = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        stages.addAll(stagesByTopic.values());
        return stages;
    }

    @Override
    public void close() {
        for (Processor<String, byte[], String, Object> stage : distinctStages()) {
            stage.close();
        }
    }

    /**
     * The task's context, except that while a local command runs its record metadata names the command's own topic
     * (stages dispatch on it, spans and dead letters name it) with this task's partition and no offset (-1): the
     * command was never written.
     */
    private static final class LocalRecordContext extends ForwardingProcessorContext {

        private final ObjLongConsumer<Runnable> thenLocalCommands;
        private Optional<RecordMetadata> local = Optional.empty();

        LocalRecordContext(ProcessorContext<String, Object> context, ObjLongConsumer<Runnable> thenLocalCommands) {
            super(context);
            this.thenLocalCommands = thenLocalCommands;
        }

        /** A punctuation's local commands run right after it, as an input record's do. */
        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(interval, type,
                    timestamp -> thenLocalCommands.accept(() -> callback.punctuate(timestamp), timestamp));
        }

        void runningLocal(String topic) {
            if (topic == null) {
                local = Optional.empty();
                return;
            }
            int partition = context.taskId().partition();
            local = Optional.of(new RecordMetadata() {
                @Override
                public String topic() {
                    return topic;
                }

                @Override
                public int partition() {
                    return partition;
                }

                @Override
                public long offset() {
                    return -1;
                }
            });
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return local.isPresent() ? local : context.recordMetadata();
        }

        @Override
        public <K extends String, V> void forward(Record<K, V> record) {
            context.forward(record);
        }

        @Override
        public <K extends String, V> void forward(Record<K, V> record, String childName) {
            context.forward(record, childName);
        }
    }
}
