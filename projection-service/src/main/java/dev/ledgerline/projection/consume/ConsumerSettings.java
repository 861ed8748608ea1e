package dev.ledgerline.projection.consume;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Where the event topics live and how the projection reads them. */
@Component
public class ConsumerSettings {

    /** All projection instances share this group, so partitions are split between them. */
    public static final String GROUP_ID = "ledgerline-projection";
    static final int DEFAULT_FETCH_MAX_WAIT_MS = 500;

    private final String bootstrapServers;
    private final int maxPollRecords;
    private final String groupId;
    private final int fetchMaxWaitMs;

    public ConsumerSettings(String bootstrapServers, int maxPollRecords, String groupId) {
        this(bootstrapServers, maxPollRecords, groupId, DEFAULT_FETCH_MAX_WAIT_MS);
    }

    @Autowired
    public ConsumerSettings(@Value("${ledgerline.kafka.bootstrap-servers:127.0.0.1:19092}") String bootstrapServers,
                            @Value("${ledgerline.projection.max-poll-records:500}") int maxPollRecords,
                            @Value("${ledgerline.projection.group-id:" + GROUP_ID + "}") String groupId,
                            @Value("${ledgerline.projection.fetch-max-wait-ms:" + DEFAULT_FETCH_MAX_WAIT_MS + "}")
                            int fetchMaxWaitMs) {
        this.bootstrapServers = bootstrapServers;
        this.maxPollRecords = maxPollRecords;
        this.groupId = groupId;
        this.fetchMaxWaitMs = fetchMaxWaitMs;
    }

    /** How long the broker may hold the projection's fetch open when nothing is readable. */
    public int fetchMaxWaitMs() {
        return fetchMaxWaitMs;
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
