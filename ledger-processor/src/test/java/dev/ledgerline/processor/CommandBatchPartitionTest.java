package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;

/**
 * The batch sinks' partitioner: a batch goes to its items' partition, and a batch grouped for another partition count
 * (a topic resized under a running processor) is refused, since writing it would hand a balance to a second writer.
 * The refusal is an exception from the partitioner, which fails the task's send; the processor's uncaught-exception
 * handler then shuts the instance down (LedgerStreams).
 */
class CommandBatchPartitionTest {

    private static final int STARTED_WITH = 6;
    private static final int RESIZED_TO = 12;   // topics only ever grow

    @Test
    void aBatchGoesToThePartitionOfEveryItem() {
        // given two keys of one partition under the count the batcher was built with
        List<String> keys = keysOfOnePartitionThatSplitWhenResized();
        CommandBatch batch = batchOf(keys);

        // when the sink asks where the batch goes, then it is that partition
        assertThat(CommandBatcher.batchPartition("ledger.balance-commands", keys.get(0), batch, STARTED_WITH))
                .isEqualTo(Optional.of(Set.of(CommandBatches.partitionOf(keys.get(0), STARTED_WITH))));
    }

    @Test
    void aBatchWhoseItemsNoLongerShareAPartitionIsRefused() {
        // given the same batch, and a topic that now has another partition count
        List<String> keys = keysOfOnePartitionThatSplitWhenResized();
        CommandBatch batch = batchOf(keys);

        // when the sink asks where it goes, then it refuses rather than write an item to a foreign partition
        assertThatThrownBy(() -> CommandBatcher.batchPartition("ledger.balance-commands", keys.get(0), batch, RESIZED_TO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds a key of another partition");
    }

    /** Two balance ids in one partition of {@link #STARTED_WITH}, in different partitions of {@link #RESIZED_TO}. */
    private static List<String> keysOfOnePartitionThatSplitWhenResized() {
        String first = "bln_0";
        for (int i = 1; i < 10_000; i++) {
            String other = "bln_" + i;
            if (CommandBatches.partitionOf(other, STARTED_WITH) == CommandBatches.partitionOf(first, STARTED_WITH)
                    && CommandBatches.partitionOf(other, RESIZED_TO) != CommandBatches.partitionOf(first, RESIZED_TO)) {
                return List.of(first, other);
            }
        }
        throw new IllegalStateException("no such pair of keys");
    }

    private static CommandBatch batchOf(List<String> keys) {
        List<BatchedCommand> items = new ArrayList<>();
        for (String key : keys) {
            items.add(new BatchedCommand(key, 0L, new ArrayList<>(), ByteBuffer.wrap(new byte[] {1})));
        }
        return new CommandBatch(items);
    }
}
