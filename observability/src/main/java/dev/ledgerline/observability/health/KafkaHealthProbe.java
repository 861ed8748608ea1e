package dev.ledgerline.observability.health;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Answers "can this service reach Kafka?" for {@code GET /health}: the cluster must be describable
 * within two seconds. The answer is cached briefly so that frequent probes do not load the broker.
 * One per service (api-gateway, ledger-processor, projection-service), closed with it.
 */
public final class KafkaHealthProbe implements AutoCloseable {

    private static final long PROBE_TIMEOUT_MS = 2_000;
    private static final long CACHE_MS = 1_500;

    /** Result of one probe; {@code reason} is null when up. */
    public record Status(boolean up, String reason, long checkedAtMs) {
    }

    private final Admin admin;
    private volatile Status last = new Status(false, "not checked yet", 0);

    public KafkaHealthProbe(String bootstrapServers, String clientId) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT_MS);
        // Without this the client keeps reconnecting once a second per broker while Kafka is down.
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.admin = Admin.create(config);
    }

    /** Blocking (up to ~2 s): call from a worker thread, never from the event loop. */
    public synchronized Status check() {
        long now = System.currentTimeMillis();
        if (now - last.checkedAtMs() < CACHE_MS) {
            return last;
        }
        Status status;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT_MS))
                    .clusterId().get(PROBE_TIMEOUT_MS + 500, TimeUnit.MILLISECONDS);
            status = new Status(true, null, System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = new Status(false, "interrupted while checking Kafka", System.currentTimeMillis());
        } catch (Exception e) {
            status = new Status(false, "kafka unreachable: " + e.getClass().getSimpleName(), System.currentTimeMillis());
        }
        last = status;
        return status;
    }

    /** A probe still pending at close is given up on after a second: a stop must not wait for a broker that is away. */
    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
