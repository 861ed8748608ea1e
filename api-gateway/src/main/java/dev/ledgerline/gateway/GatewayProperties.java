package dev.ledgerline.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the gateway needs to know about its peers. Defaults live here as well as in
 * api-gateway.yml, so that the gateway still works even if its config file were not found on a
 * shared classpath (integration tests run all services in one JVM).
 *
 * @param kafka        broker connection ({@code ledgerline.kafka.bootstrap-servers}, env {@code KAFKA_BOOTSTRAP_SERVERS})
 * @param projectionUrl base URL of projection-service, reads are forwarded there (env {@code PROJECTION_URL})
 * @param topics       partition count used when the gateway creates missing topics
 * @param replyTimeout how long a request waits for the processor's {@code Reply}
 */
@ConfigurationProperties("ledgerline")
public record GatewayProperties(
        @DefaultValue Kafka kafka,
        @DefaultValue("http://127.0.0.1:5005") String projectionUrl,
        @DefaultValue Topics topics,
        @DefaultValue("10s") Duration replyTimeout,
        @DefaultValue Backpressure backpressure) {

    /**
     * @param bootstrapServers broker connection
     * @param lingerMs         how long the command producer waits to batch records; larger batches raise
     *                         throughput under load at the cost of a little latency
     * @param maxInFlight      produce requests in flight per broker connection (at most 5 with idempotence)
     * @param coalesceCommands whether transaction commands that arrive for one partition while its previous record
     *                         is in flight leave together as one record ({@code LEDGERLINE_GATEWAY_COALESCE_COMMANDS});
     *                         off, every command is its own record
     * @param compression      the command producer's {@code compression.type} ({@code LEDGERLINE_GATEWAY_COMPRESSION}:
     *                         none, lz4, zstd, snappy, gzip); the size limit applies to the uncompressed command, so
     *                         this trades the broker's disk and network bytes against CPU and allocation per batch
     */
    public record Kafka(@DefaultValue("127.0.0.1:19092") String bootstrapServers,
                        @DefaultValue("5") int lingerMs,
                        @DefaultValue("5") int maxInFlight,
                        @DefaultValue("true") boolean coalesceCommands,
                        @DefaultValue("lz4") String compression) {
    }

    /**
     * The gateway creates no topic (ledger-processor does): it waits for them at start.
     *
     * @param awaitTimeout how long to wait for ledger-processor's topics before giving up ({@code LEDGERLINE_TOPICS_WAIT})
     */
    public record Topics(@DefaultValue("2m") Duration awaitTimeout) {
    }

    /**
     * When the processor falls behind, new transaction writes are refused (503 {@code QUEUE_BACKPRESSURE}) instead of
     * queueing without bound.
     *
     * @param enabled            {@code BLNK_QUEUE_ENABLE_BACKPRESSURE}
     * @param maxBacklogRecords  the limit on one input partition's backlog (records the processor's consumer group has
     *                           not committed yet), {@code BLNK_QUEUE_BACKPRESSURE_MAX_PENDING_TASKS}; 0 = no limit
     * @param checkInterval      how often the backlog is measured, {@code BLNK_QUEUE_BACKPRESSURE_CHECK_INTERVAL}
     * @param processorGroupId   the processor's consumer group (its Kafka Streams application id)
     * @param maxOldestAge       the limit on how long the oldest unprocessed record of one input partition has waited,
     *                           {@code LEDGERLINE_BACKPRESSURE_MAX_OLDEST_AGE} (Ledgerline's own: Blnk measures depth
     *                           only); 0 = no limit
     * @param maxEstimatedWait   the limit on how long a command written now would wait in the processor's queues, as
     *                           estimated from its backlog and recent consumption rate,
     *                           {@code LEDGERLINE_BACKPRESSURE_MAX_ESTIMATED_WAIT} (Ledgerline's own: a record is one
     *                           transfer or a bulk batch of thousands, so depth alone does not bound the work queued);
     *                           0 = no limit
     * @param projectionGroupId  the projection's consumer group, {@code LEDGERLINE_PROJECTION_GROUP_ID}
     * @param maxProjectionLag   the limit on how long the oldest event the projection has not written to the read
     *                           model has waited, {@code LEDGERLINE_BACKPRESSURE_MAX_PROJECTION_LAG}: accepting work
     *                           faster than it becomes readable would only grow that lag; 0 = no limit (a deployment
     *                           without the projection must set it)
     */
    public record Backpressure(@DefaultValue("true") boolean enabled,
                               @DefaultValue("100000") long maxBacklogRecords,
                               @DefaultValue("500ms") Duration checkInterval,
                               @DefaultValue("ledgerline-processor") String processorGroupId,
                               @DefaultValue("30s") Duration maxOldestAge,
                               @DefaultValue("10s") Duration maxEstimatedWait,
                               @DefaultValue("ledgerline-projection") String projectionGroupId,
                               @DefaultValue("60s") Duration maxProjectionLag) {
    }
}
