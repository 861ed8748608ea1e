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
        @DefaultValue("10s") Duration replyTimeout) {

    /**
     * @param bootstrapServers broker connection
     * @param lingerMs         how long the command producer waits to batch records; larger batches raise
     *                         throughput under load at the cost of a little latency
     * @param maxInFlight      produce requests in flight per broker connection (at most 5 with idempotence)
     */
    public record Kafka(@DefaultValue("127.0.0.1:19092") String bootstrapServers,
                        @DefaultValue("5") int lingerMs,
                        @DefaultValue("5") int maxInFlight) {
    }

    public record Topics(@DefaultValue("6") int partitions) {
    }
}
