package dev.ledgerline.gateway.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;

/**
 * Lets concurrent commands for one partition of a topic travel as one Kafka record. Each partition is a lane with at
 * most one record in flight: a command that finds its lane idle is sent at once, as its own record (so a lone request
 * waits for nothing); commands that arrive while the lane's record is in flight wait, and when it is acknowledged
 * they leave together, as one {@link CommandBatch} (several) or one plain record (one). The processor hands each item
 * of a batch to its stage exactly as if it had been its own record, and writes what they cause grouped by partition,
 * so a burst of single requests costs the pipeline about what one bulk request does.
 *
 * <p>What stays true: every command's callback fires only once the record carrying it is acknowledged (or failed);
 * a batch goes to the partition of its items' keys, computed like Kafka's default partitioner; commands of one lane
 * leave in the order they arrived. Batches stop at {@link #MAX_BATCH_BYTES} of values or {@link #MAX_BATCH_ITEMS}
 * items; a larger command travels alone. Built with grouping off, every command leaves at once as its own record
 * (lanes play no part, any number in flight), which is how the gateway published before grouping existed.
 */
final class CommandCoalescer {

    /** Values per batch, at most (the topic takes far more; the processor splits its own batches at the same size). */
    static final int MAX_BATCH_BYTES = 512 * 1024;
    /** Commands per batch, at most: one bulk request's worth. */
    static final int MAX_BATCH_ITEMS = 1_000;

    /** Hands a record to Kafka and calls back once it is acknowledged or failed (never throws). */
    interface Sender {
        void send(ProducerRecord<String, byte[]> record, Callback callback);
    }

    /** Told, once a record is acknowledged, where it went and how many transfers its commands carry. */
    interface Written {
        void written(int partition, long offset, int transfers);
    }

    /**
     * One command waiting to be sent: its own key, value, headers, creation time and callback, and how many transfers
     * it carries (a bulk batch or a split: its items).
     */
    record Command(String key, byte[] value, Headers headers, long timestampMs, int transfers, Callback callback) {
    }

    private final String topic;
    private final Lane[] lanes;
    private final Sender sender;
    /** Where a lane sends its next record after an acknowledgement: never on the producer's I/O thread. */
    private final Executor next;
    private final IntConsumer batchSizes;
    private final Written written;
    private final boolean grouping;

    /**
     * @param partitions the topic's partition count (commands go to {@code murmur2(key) % partitions})
     * @param next       runs a lane's next send after an acknowledgement (off the producer's I/O thread)
     * @param batchSizes told the number of commands of every record sent
     * @param written    told every acknowledged record's place and transfers
     * @param grouping   false: every command is sent at once as its own record
     */
    CommandCoalescer(String topic, int partitions, Sender sender, Executor next, IntConsumer batchSizes,
            Written written, boolean grouping) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + topic + " has no partitions");
        }
        this.topic = topic;
        this.sender = sender;
        this.next = next;
        this.batchSizes = batchSizes;
        this.written = written;
        this.grouping = grouping;
        this.lanes = new Lane[partitions];
        for (int p = 0; p < partitions; p++) {
            lanes[p] = new Lane(p);
        }
    }

    /** Sends {@code command} now if its partition's lane is idle, else with the next record of that lane. */
    void submit(Command command) {
        Lane lane = lanes[CommandBatches.partitionOf(command.key(), lanes.length)];
        if (!grouping) {
            sendAlone(lane.partition, command);
            return;
        }
        synchronized (lane) {
            if (lane.sending) {
                lane.waiting.add(command);
                return;
            }
            lane.sending = true;
        }
        send(lane, List.of(command));
    }

    private final class Lane {
        final int partition;
        final ArrayDeque<Command> waiting = new ArrayDeque<>();
        boolean sending;

        Lane(int partition) {
            this.partition = partition;
        }

        /** The commands that leave next (in arrival order), or null when none wait and the lane goes idle. */
        synchronized List<Command> takeNext() {
            if (waiting.isEmpty()) {
                sending = false;
                return null;
            }
            List<Command> batch = new ArrayList<>();
            long bytes = 0;
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH_ITEMS) {
                int size = waiting.peek().value().length;
                if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                    break;
                }
                batch.add(waiting.poll());
                bytes += size;
            }
            return batch;
        }
    }

    private void send(Lane lane, List<Command> commands) {
        ProducerRecord<String, byte[]> record = commands.size() == 1
                ? single(lane.partition, commands.get(0))
                : batch(lane.partition, commands);
        batchSizes.accept(commands.size());
        try {
            sender.send(record, (metadata, error) -> {
                complete(commands, metadata, error);
                sendNextLater(lane);
            });
        } catch (RuntimeException e) {
            complete(commands, null, e);
            sendNextLater(lane);
        }
    }

    private void sendAlone(int partition, Command command) {
        batchSizes.accept(1);
        try {
            sender.send(single(partition, command), (metadata, error) -> complete(List.of(command), metadata, error));
        } catch (RuntimeException e) {
            complete(List.of(command), null, e);
        }
    }

    private void sendNextLater(Lane lane) {
        try {
            next.execute(() -> sendNext(lane));
        } catch (RejectedExecutionException closing) {
            // the gateway is shutting down: what still waits will not be sent, so say so instead of leaving it hanging
            List<Command> left;
            while ((left = lane.takeNext()) != null) {
                complete(left, null, closing);
            }
        }
    }

    private void sendNext(Lane lane) {
        List<Command> commands = lane.takeNext();
        if (commands != null) {
            send(lane, commands);
        }
    }

    private void complete(List<Command> commands, RecordMetadata metadata, Exception error) {
        if (error == null) {
            int transfers = 0;
            for (Command command : commands) {
                transfers += command.transfers();
            }
            written.written(metadata.partition(), metadata.offset(), transfers);
        }
        for (Command command : commands) {
            command.callback().onCompletion(error == null ? metadata : null, error);
        }
    }

    private ProducerRecord<String, byte[]> single(int partition, Command command) {
        return new ProducerRecord<>(topic, partition, command.timestampMs(), command.key(), command.value(),
                command.headers());
    }

    /** Keyed by its first command's key, like the processor's batches, so it reads as that partition's record. */
    private ProducerRecord<String, byte[]> batch(int partition, List<Command> commands) {
        List<BatchedCommand> items = new ArrayList<>(commands.size());
        for (Command command : commands) {
            items.add(CommandBatches.item(command.key(), command.timestampMs(), command.headers(), command.value()));
        }
        return new ProducerRecord<>(topic, partition, commands.get(0).key(),
                CommandBatches.SERDE.encode(new CommandBatch(items)));
    }
}
