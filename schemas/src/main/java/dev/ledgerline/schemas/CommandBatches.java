package dev.ledgerline.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.BatchedHeader;
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

    /** A command as a batch item: the key, timestamp, headers and encoded value it would have had as its own record. */
    public static BatchedCommand item(String key, long timestampMs, Headers headers, byte[] value) {
        List<BatchedHeader> itemHeaders = new ArrayList<>();
        for (Header header : headers) {
            itemHeaders.add(new BatchedHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
        }
        return new BatchedCommand(key, timestampMs, itemHeaders, ByteBuffer.wrap(value));
    }

    /** The Kafka headers an item carried (a copy: the record built from it may be changed freely). */
    public static Headers headersOf(BatchedCommand item) {
        RecordHeaders headers = new RecordHeaders();
        for (BatchedHeader header : item.getHeaders()) {
            headers.add(header.getKey(), header.getValue() == null ? null : bytes(header.getValue()));
        }
        return headers;
    }

    /** The bytes of a decoded field (a copy; the buffer's position is left alone). */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
