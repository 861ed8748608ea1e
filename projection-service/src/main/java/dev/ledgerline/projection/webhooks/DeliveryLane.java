package dev.ledgerline.projection.webhooks;

import java.util.List;

/**
 * One delivery lane as {@code /queues} and {@code /health} show it: its kind and id, the consumer group and topics
 * whose backlog is its backlog, and its {@link LaneHealth}.
 *
 * @param kind    {@link Kind#WEBHOOK} (the global URL; id null), {@link Kind#SUBSCRIPTION} or {@link Kind#HOOK}
 * @param id      the subscription's or hook's id (admin-created, so a bounded set: fine as a metric tag)
 */
public record DeliveryLane(Kind kind, String id, String groupId, List<String> topics, LaneHealth health) {

    public enum Kind {
        WEBHOOK, SUBSCRIPTION, HOOK;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A short name, unique among lanes: {@code webhook}, {@code subscription:<id>}, {@code hook:<id>}. */
    public String name() {
        return id == null ? kind.word() : kind.word() + ":" + id;
    }
}
