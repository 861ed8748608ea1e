package dev.ledgerline.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.utils.Utils;

import dev.ledgerline.wire.v1.CommandBatch;

/**
 * Several internal commands carried in one Kafka record ({@link CommandBatch}). A batch is written to the
 * partition of its items' keys (all items of a batch share one), keyed by its first item's key, so Kafka's
 * default partitioner puts it where each item would have gone on its own and the task that owns the items
 * reads it. A reader tells a batch from a single command by the schema fingerprint that starts every
 * single-object encoded value.
 */
public final class CommandBatches {

    public static final AvroSerde<CommandBatch> SERDE = AvroSerde.of(CommandBatch.class);

    /** Marker {@code C3 01} and the 8-byte fingerprint: the first 10 bytes of every encoded batch. */
    private static final byte[] HEADER = Arrays.copyOf(
            SERDE.encode(new CommandBatch(java.util.List.of())), 10);

    private CommandBatches() {
    }

    /** Whether {@code value} is an encoded {@link CommandBatch} rather than a single command. */
    public static boolean isBatch(byte[] value) {
        return value != null && value.length >= HEADER.length
                && Arrays.equals(value, 0, HEADER.length, HEADER, 0, HEADER.length);
    }

    /** The partition Kafka's default partitioner gives a record keyed {@code key} on a topic of {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
