package dev.ledgerline.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ScaleLedgerLoaderTest {

    @Test
    void givenBalanceIds_whenTheLoaderPicksTheirPartition_thenItIsTheOneKafkasDefaultPartitionerGives() {
        // Given the ids the loader writes and the partition counts a stack may have
        for (int partitions : new int[] {1, 3, 6, 12}) {
            for (int i = 0; i < 5_000; i++) {
                String id = "bln_scale_" + i;
                // When / Then: the loader predicts offsets per partition, so it must agree with the processor's sink
                assertThat(ScaleLedgerLoader.partitionOf(id, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
