package dev.ledgerline.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.ledgerline.gateway.GatewayApplication;
import dev.ledgerline.processor.ProcessorApplication;
import dev.ledgerline.projection.ProjectionApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The whole Ledgerline stack inside one JVM on real parts: an embedded KRaft broker, an embedded
 * PostgreSQL, and the three Spring Boot services on free ports. Started once per JVM and stopped
 * by a shutdown hook and by {@link #stop()}, so no process outlives the test run.
 */
final class LedgerlineStack {

    private static LedgerlineStack instance;

    private final EmbeddedKafkaKraftBroker kafka;
    private final EmbeddedPostgres postgres;
    private final Path stateDir;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    final int gatewayPort;
    final int processorPort;
    final int projectionPort;

    private LedgerlineStack() throws IOException {
        kafka = new EmbeddedKafkaKraftBroker(1, 6);
        // One broker: exactly_once_v2 needs the transaction state log to accept a replication factor of 1.
        kafka.brokerProperties(java.util.Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        postgres = EmbeddedPostgres.builder().start();
        stateDir = Files.createTempDirectory("ledgerline-it-streams");
        gatewayPort = freePort();
        processorPort = freePort();
        projectionPort = freePort();
        String bootstrap = kafka.getBrokersAsString();
        String r2dbcUrl = "r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";

        services.add(new SpringApplicationBuilder(ProcessorApplication.class)
                .properties(ProcessorApplication.CONFIG_NAME)
                .run("--server.port=" + processorPort,
                        "--ledgerline.processor.bootstrap-servers=" + bootstrap,
                        "--ledgerline.processor.state-dir=" + stateDir,
                        "--ledgerline.processor.commit-interval-ms=10",
                        "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres"));
        services.add(new SpringApplicationBuilder(ProjectionApplication.class)
                .properties(ProjectionApplication.CONFIG_NAME)
                .run("--server.port=" + projectionPort,
                        "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                        "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres"));
        services.add(new SpringApplicationBuilder(GatewayApplication.class)
                .properties(GatewayApplication.CONFIG_NAME)
                .run("--server.port=" + gatewayPort,
                        "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                        "--ledgerline.projection-url=http://127.0.0.1:" + projectionPort,
                        "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "ledgerline-stack-stop"));
    }

    static synchronized LedgerlineStack get() throws IOException {
        if (instance == null) {
            instance = new LedgerlineStack();
        }
        return instance;
    }

    static synchronized void stop() {
        if (instance != null) {
            instance.stopAll();
            instance = null;
        }
    }

    String gateway() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    String processor() {
        return "http://127.0.0.1:" + processorPort;
    }

    String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    String r2dbcUrl() {
        return "r2dbc:postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** The embedded PostgreSQL holding the projection (tests edit rows in it to show tampering is detected). */
    javax.sql.DataSource postgres() {
        return postgres.getPostgresDatabase();
    }

    String projection() {
        return "http://127.0.0.1:" + projectionPort;
    }

    private synchronized void stopAll() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        services.clear();
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // already stopped
        }
        kafka.destroy();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
