package dev.ledgerline.observability.queues;

import java.util.List;

/**
 * The backlog of one consumer group on a set of topics, as read at {@code computedAtMs}.
 *
 * @param groupId      the consumer group
 * @param partitions   one row per partition of the topics that exist, ordered by topic then partition
 * @param computedAtMs wall clock when the offsets were read
 * @param error        why the last read failed ({@code partitions} is then the previous result), or null
 */
public record GroupBacklog(String groupId, List<PartitionBacklog> partitions, long computedAtMs, String error) {

    public static GroupBacklog empty(String groupId) {
        return new GroupBacklog(groupId, List.of(), 0, "not computed yet");
    }

    public long totalBacklog() {
        return partitions.stream().mapToLong(PartitionBacklog::backlog).sum();
    }

    /** Age of the oldest waiting record over all partitions, in seconds (0 when nothing waits). */
    public double oldestAgeSeconds(long nowMs) {
        return partitions.stream().mapToDouble(p -> p.oldestAgeSeconds(nowMs)).max().orElse(0);
    }

    public long totalBacklog(String topic) {
        return partitions.stream().filter(p -> p.topic().equals(topic)).mapToLong(PartitionBacklog::backlog).sum();
    }

    GroupBacklog failed(String reason) {
        return new GroupBacklog(groupId, partitions, computedAtMs, reason);
    }
}
