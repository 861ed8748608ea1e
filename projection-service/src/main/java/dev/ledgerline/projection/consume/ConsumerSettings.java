package dev.ledgerline.projection.consume;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Where the event topics live and how the projection reads them. */
@Component
public class ConsumerSettings {

    /** All projection instances share this group, so partitions are split between them. */
    public static final String GROUP_ID = "ledgerline-projection";

    private final String bootstrapServers;
    private final int maxPollRecords;
    private final String groupId;

    public ConsumerSettings(@Value("${ledgerline.kafka.bootstrap-servers:127.0.0.1:19092}") String bootstrapServers,
                            @Value("${ledgerline.projection.max-poll-records:500}") int maxPollRecords,
                            @Value("${ledgerline.projection.group-id:" + GROUP_ID + "}") String groupId) {
        this.bootstrapServers = bootstrapServers;
        this.maxPollRecords = maxPollRecords;
        this.groupId = groupId;
    }

    /** The consumer group; a second, independent projection (e.g. into another schema) needs its own. */
    public String groupId() {
        return groupId;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int maxPollRecords() {
        return maxPollRecords;
    }
}
