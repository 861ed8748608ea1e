package dev.ledgerline.processor;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId    Kafka Streams application id (consumer group and internal topic prefix)
 * @param stateDir         where RocksDB state lives; rebuilt from changelogs when deleted
 * @param commitIntervalMs exactly_once_v2 commits a transaction per interval; every hop waits up to one interval
 * @param streamThreads    stream threads in this instance
 * @param partitions       partition count used when creating missing topics
 * @param fetchMaxWaitMs   how long the broker may hold a fetch open when it has no data; every hop between
 *                         stages waits for one fetch, so this bounds per-hop latency at low load
 * @param pollMs           how long a stream thread blocks in poll() when it has nothing to do
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
        long pollMs) {
}
