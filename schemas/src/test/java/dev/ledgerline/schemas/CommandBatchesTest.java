package dev.ledgerline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;
import dev.ledgerline.wire.v1.CreditLeg;

class CommandBatchesTest {

    @Test
    void aBatchIsToldFromASingleCommandByItsSchema() {
        // given a single command and a batch holding it
        byte[] single = AvroSerde.of(BalanceCommand.class).encode(new BalanceCommand("req", new CreditLeg(WireSamples.spec(), null)));
        byte[] batch = CommandBatches.SERDE.encode(new CommandBatch(List.of(
                new BatchedCommand("bln_a", 1L, List.of(), ByteBuffer.wrap(single)))));

        // then only the batch is a batch; short or missing values are not
        assertThat(CommandBatches.isBatch(batch)).isTrue();
        assertThat(CommandBatches.isBatch(single)).isFalse();
        assertThat(CommandBatches.isBatch(new byte[] {(byte) 0xC3, 0x01})).isFalse();
        assertThat(CommandBatches.isBatch(null)).isFalse();
    }

    @Test
    void partitionOfAgreesWithKafkasDefaultPartitionerForEveryCount() {
        // given many keys of the shapes Ledgerline uses
        for (int i = 0; i < 5_000; i++) {
            String key = (i % 2 == 0 ? "bln_" : "txn_") + java.util.UUID.nameUUIDFromBytes(Integer.toString(i).getBytes());
            for (int partitions : new int[] {1, 3, 6, 12, 64}) {
                // then the batcher's partition is the producer's
                assertThat(CommandBatches.partitionOf(key, partitions)).isEqualTo(
                        BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void anItemGivesBackTheKeyTimestampHeadersAndValueItWasBuiltFrom() {
        // given a command with two headers, one of them without a value
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        byte[] value = {1, 2, 3};

        // when it travels as a batch item and is opened again
        BatchedCommand item = CommandBatches.SERDE.decode(CommandBatches.SERDE.encode(new CommandBatch(List.of(
                CommandBatches.item("txn_1", 42L, headers, value))))).getItems().get(0);
        Headers opened = CommandBatches.headersOf(item);

        // then everything comes back as it was, in order
        assertThat(item.getKey()).isEqualTo("txn_1");
        assertThat(item.getTimestampMs()).isEqualTo(42L);
        assertThat(CommandBatches.bytes(item.getValue())).containsExactly(1, 2, 3);
        assertThat(opened.toArray()).extracting(Header::key).containsExactly("traceparent", "empty");
        assertThat(opened.lastHeader("traceparent").value()).isEqualTo("00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        assertThat(opened.lastHeader("empty").value()).isNull();
        // and reading the value twice gives the same bytes (the buffer is not consumed)
        assertThat(CommandBatches.bytes(item.getValue())).containsExactly(1, 2, 3);
    }
}
