package dev.ledgerline.projection.integrity;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Closeable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verifier as a command (dev/verify.sh): the same checks as {@code GET /integrity/verify}.
 * Prints the JSON report; exit status 0 when valid, 1 when a link is broken, 2 on error.
 *
 * <pre>
 * java -cp projection-service-*-exec.jar -Dloader.main=dev.ledgerline.projection.integrity.VerifyCommand \
 *     org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --bootstrap-servers 127.0.0.1:19092 --r2dbc-url r2dbc:postgresql://postgres@127.0.0.1:55432/ledgerline \
 *     [--balance-id bln_...] [--full]
 * </pre>
 */
public final class VerifyCommand {

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        dev.ledgerline.projection.CommandLogging.quiet();
        String bootstrap = "127.0.0.1:19092";
        String url = "r2dbc:postgresql://postgres@127.0.0.1:55432/ledgerline";
        String balanceId = null;
        boolean full = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bootstrap-servers" -> { bootstrap = value; i++; }
                case "--r2dbc-url" -> { url = value; i++; }
                case "--balance-id" -> { balanceId = value; i++; }
                case "--full" -> full = true;
                default -> {
                    System.err.println("usage: VerifyCommand [--bootstrap-servers h:p] [--r2dbc-url url] [--balance-id id] [--full]");
                    System.exit(2);
                }
            }
        }
        int status;
        long started = System.nanoTime();
        try {
            VerifyReport report = run(bootstrap, url, balanceId, full);
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            System.err.printf("verify: %.1f s, max heap %.0f MB, peak per heap pool: %s%n",
                    (System.nanoTime() - started) / 1e9, Runtime.getRuntime().maxMemory() / 1048576.0, heapPeaks());
            status = report.valid() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("verify failed: " + e);
            status = 2;
        }
        System.exit(status);
    }

    /**
     * A pool of two: one connection holds the verification lock for the whole run, the other serves the projection
     * queries. Without it each query (one per 1,000 entries) opened a connection of its own.
     */
    private static ConnectionFactory pooled(ConnectionFactory connections) {
        if (connections instanceof io.r2dbc.pool.ConnectionPool) {
            return connections; // an r2dbc:pool: URL
        }
        return new io.r2dbc.pool.ConnectionPool(io.r2dbc.pool.ConnectionPoolConfiguration.builder(connections)
                .initialSize(0).maxSize(2).build());
    }

    /**
     * Each heap pool's peak use so far ("G1 Old Gen 97 MB, ..."): the old generation's is what the run kept alive (plus
     * garbage not collected yet); the young pools' are filled and emptied all the time.
     */
    private static String heapPeaks() {
        java.util.List<String> peaks = new java.util.ArrayList<>();
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peaks.add(String.format("%s %.0f MB", pool.getName(), pool.getPeakUsage().getUsed() / 1048576.0));
            }
        }
        return String.join(", ", peaks);
    }

    public static VerifyReport run(String bootstrap, String r2dbcUrl, String balanceId) {
        return run(bootstrap, r2dbcUrl, balanceId, true);
    }

    /** @param full re-check the whole log; otherwise start from the last valid run's checkpoint (docs/EVENTS.md) */
    public static VerifyReport run(String bootstrap, String r2dbcUrl, String balanceId, boolean full) {
        ConnectionFactory connections = pooled(ConnectionFactories.get(r2dbcUrl));
        try (VerificationLock lock = VerificationLock.tryAcquire(connections)
                     .orElseThrow(() -> new IllegalStateException(VerificationLock.BUSY));
             EventLog.Reading reading = new KafkaEventLog(bootstrap, Duration.ofSeconds(120)).open()) {
            DatabaseClient db = DatabaseClient.create(connections);
            return new Verifier(Duration.ofSeconds(10)).verify(reading, new R2dbcProjectionView(db), balanceId,
                    new R2dbcVerifyCheckpoints(db), full);
        } finally {
            if (connections instanceof Closeable closeable) {
                Mono.from(closeable.close()).block(Duration.ofSeconds(10));
            }
        }
    }
}
