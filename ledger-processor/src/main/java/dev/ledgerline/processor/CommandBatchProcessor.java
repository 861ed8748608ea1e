package dev.ledgerline.processor;

import java.util.Map;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.schemas.UndecodableRecordException;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;

/**
 * The outermost wrapper of a stage: hands the stage each command of a {@link CommandBatch} as the record it
 * would have been on its own (key, timestamp, headers, value), in order, and a single command as it is. The stage
 * (with its tracing, dead-letter guard and timer) therefore sees one command at a time and fails or succeeds per
 * command. The internal commands it forwards meanwhile are collected by a {@link CommandBatcher} and written
 * when the input record is done, one record or batch per target partition (those for the task's own partition are
 * handed off locally instead, {@link LocalHandOff}).
 *
 * <p>A batch whose body cannot be decoded is handed to the stage whole: the stage cannot decode it either, so its
 * dead-letter guard sets it aside, whole, like any other undecodable record.
 */
final class CommandBatchProcessor implements Processor<String, byte[], String, Object> {

    private final Processor<String, byte[], String, Object> stage;
    private final Map<String, CommandBatcher.BatchTarget> targets;
    private final int partitions;
    private final LocalHandOff local;
    private CommandBatcher batcher;

    CommandBatchProcessor(Processor<String, byte[], String, Object> stage, Map<String, CommandBatcher.BatchTarget> targets,
            int partitions, LocalHandOff local) {
        this.stage = stage;
        this.targets = targets;
        this.partitions = partitions;
        this.local = local;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        batcher = new CommandBatcher(context, targets, partitions, local);
        stage.init(batcher);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        batcher.collecting(() -> {
            CommandBatch batch = batchOrNull(record.value());
            if (batch == null) {
                stage.process(record);
            } else {
                for (BatchedCommand item : batch.getItems()) {
                    stage.process(asRecord(item));
                }
            }
        });
    }

    private static CommandBatch batchOrNull(byte[] value) {
        if (!CommandBatches.isBatch(value)) {
            return null;
        }
        try {
            return CommandBatches.SERDE.decode(value);
        } catch (UndecodableRecordException corrupt) {
            return null;
        }
    }

    private static Record<String, byte[]> asRecord(BatchedCommand item) {
        return new Record<>(item.getKey(), CommandBatches.bytes(item.getValue()), item.getTimestampMs(),
                CommandBatches.headersOf(item));
    }

    @Override
    public void close() {
        stage.close();
    }
}
