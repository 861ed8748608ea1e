package dev.ledgerline.observability.queues;

/**
 * What one consumer group still has to read on one partition.
 *
 * @param topic             topic name
 * @param partition         partition number
 * @param endOffset         last stable offset ({@code read_committed} end: open transactions are not counted)
 * @param committedOffset   the group's committed offset, or {@code -1} when it has none (then it starts at
 *                          {@code startOffset}, as a consumer with {@code auto.offset.reset=earliest} does)
 * @param startOffset       the partition's log start offset
 * @param backlog           records waiting between {@code max(committedOffset, startOffset)} and {@code endOffset}:
 *                          counted exactly (transaction markers and aborted records excluded) up to 100 per
 *                          partition; beyond that, the offset distance from the first waiting record, an upper
 *                          bound that also counts the commit markers in between
 * @param oldestTimestampMs timestamp of the first waiting record (its Kafka record timestamp), or {@code -1} when
 *                          nothing waits or it could not be read in time
 */
public record PartitionBacklog(String topic, int partition, long endOffset, long committedOffset, long startOffset,
                               long backlog, long oldestTimestampMs) {

    /** Seconds since the first waiting record was written; 0 when nothing waits (or its timestamp is unknown). */
    public double oldestAgeSeconds(long nowMs) {
        if (backlog == 0 || oldestTimestampMs < 0) {
            return 0;
        }
        return Math.max(0, nowMs - oldestTimestampMs) / 1000.0;
    }
}
