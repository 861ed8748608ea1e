package dev.ledgerline.processor;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId    Kafka Streams application id (consumer group and internal topic prefix)
 * @param stateDir         where RocksDB state lives; rebuilt from changelogs when deleted
 * @param commitIntervalMs exactly_once_v2 commits a transaction per interval; every hop waits up to one interval
 * @param streamThreads    stream threads in this instance
 * @param partitions       partition count used when creating missing topics
 * @param fetchMaxWaitMs   how long the broker may hold a fetch open when it has no data (Kafka's 500 ms by default):
 *                         the broker answers as soon as a commit makes records readable, so a shorter wait only
 *                         adds empty fetches
 * @param pollMs           how long a stream thread blocks in poll() when it has nothing to do
 * @param sealIntervalMs   wall-clock interval of the seal punctuator (one seal per partition per interval when heads changed)
 * @param instanceId       static group membership id of this instance (unique per running processor): a restarted
 *                         instance takes its partitions back at once instead of waiting out the old session
 *                         (Kafka Streams does not leave the group on close); empty = dynamic membership
 * @param replicationFactor replicas of every topic it creates, its internal changelogs included (null = 1)
 * @param minInsyncReplicas {@code min.insync.replicas} of those topics (null = 1)
 * @param compressionType  compression of everything the processor writes: {@code none} when unset (measured: lz4
 *                         cost the processor about 10 % and the broker about 15 % of their CPU per transfer, for
 *                         records of a few hundred bytes); {@code lz4} or {@code zstd} trade that CPU for disk
 * @param localHandOff     whether a task runs the internal commands it sends to its own partition at once instead of
 *                         writing them to their topic and reading them back (null = on); off only to compare
 */
@ConfigurationProperties(prefix = "ledgerline.processor")
public record ProcessorProperties(
        String bootstrapServers,
        String applicationId,
        String stateDir,
        long commitIntervalMs,
        int streamThreads,
        int partitions,
        long fetchMaxWaitMs,
        long pollMs,
        Long sealIntervalMs,
        String instanceId,
        Short replicationFactor,
        Integer minInsyncReplicas,
        String compressionType,
        Boolean localHandOff) {

    public static final long DEFAULT_SEAL_INTERVAL_MS = 1000;

    public short replicationFactorOrDefault() {
        return replicationFactor == null || replicationFactor < 1 ? 1 : replicationFactor;
    }

    public int minInsyncReplicasOrDefault() {
        return minInsyncReplicas == null || minInsyncReplicas < 1 ? 1 : minInsyncReplicas;
    }

    public String compressionTypeOrDefault() {
        return compressionType == null || compressionType.isBlank() ? "none" : compressionType;
    }

    public boolean localHandOffOrDefault() {
        return localHandOff == null || localHandOff;
    }

    public long sealIntervalOrDefault() {
        return sealIntervalMs == null || sealIntervalMs <= 0 ? DEFAULT_SEAL_INTERVAL_MS : sealIntervalMs;
    }
}
