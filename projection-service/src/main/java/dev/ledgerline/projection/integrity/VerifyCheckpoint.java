package dev.ledgerline.projection.integrity;

import java.util.List;
import java.util.Map;

/**
 * Where the last valid full-log run ended, so that the next run reads only what came after: per partition the next
 * offset of each topic, the last seal of each partition, every balance's chain head, and the entries no seal had bound
 * yet (the next seals bind them).
 *
 * @param nextOffsets keyed {@code "<topic>/<partition>"}
 */
public record VerifyCheckpoint(Map<String, Long> nextOffsets, Map<Integer, SealLink> lastSeals,
                               Map<String, Verifier.Head> heads, List<Pending> unconfirmed) {

    public static String position(String topic, int partition) {
        return topic + "/" + partition;
    }

    public long nextOffset(String topic, int partition) {
        return nextOffsets.getOrDefault(position(topic, partition), 0L);
    }

    /** The last seal of a partition, as the next one must link to it. */
    public record SealLink(long seq, String sealHash) {
    }

    /** An entry no seal had bound when the run ended. */
    public record Pending(String balanceId, long version, String hash, int partition, long offset) {
    }

    /** Where checkpoints are kept: PostgreSQL in production, memory in tests. */
    public interface Store {
        java.util.Optional<VerifyCheckpoint> load();

        /** Replaces the checkpoint; {@code changedHeads} are the balances whose head moved since the loaded one. */
        void save(VerifyCheckpoint checkpoint, java.util.Set<String> changedHeads);

        Store NONE = new Store() {
            @Override
            public java.util.Optional<VerifyCheckpoint> load() {
                return java.util.Optional.empty();
            }

            @Override
            public void save(VerifyCheckpoint checkpoint, java.util.Set<String> changedHeads) {
            }
        };
    }
}
