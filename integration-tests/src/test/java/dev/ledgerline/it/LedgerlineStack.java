package dev.ledgerline.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ledgerline.gateway.GatewayApplication;
import dev.ledgerline.processor.LedgerStreams;
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
    /**
     * Blnk's {@code tokenization_secret} of every stack (exactly 32 bytes): identities' personal fields are sealed
     * and tokenization is on, as a production deployment runs.
     */
    static final String TOKENIZATION_SECRET = "it-tokenization-secret-32-bytes!";

    private final KafkaCluster kafka;
    private final EmbeddedPostgres postgres;
    private final Path stateDir;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final List<Path> extraStateDirs = new ArrayList<>();
    final int gatewayPort;
    final int processorPort;
    final int projectionPort;
    private final String bootstrap;
    private final String r2dbcUrl;
    private final String[] processorArgs;
    /** Arguments given to all three services (e.g. observability settings); fixed for the JVM's stack. */
    private final List<String> commonArgs;

    private LedgerlineStack(List<String> commonArgs, KafkaCluster kafka) throws IOException {
        this.commonArgs = List.copyOf(commonArgs);
        this.kafka = kafka;
        postgres = EmbeddedPostgres.builder().start();
        stateDir = Files.createTempDirectory("ledgerline-it-streams");
        gatewayPort = LoopbackPorts.free();
        processorPort = LoopbackPorts.free();
        projectionPort = LoopbackPorts.free();
        bootstrap = kafka.bootstrapServers();
        r2dbcUrl = "r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        processorArgs = withCommonArgs("--server.port=" + processorPort,
                "--ledgerline.processor.bootstrap-servers=" + bootstrap,
                "--ledgerline.processor.state-dir=" + stateDir,
                "--ledgerline.processor.commit-interval-ms=10",
                "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres");

        services.add(startProcessor());
        services.add(new SpringApplicationBuilder(ProjectionApplication.class)
                .properties(ProjectionApplication.CONFIG_NAME)
                .run(withCommonArgs("--server.port=" + projectionPort,
                        "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                        "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres")));
        services.add(new SpringApplicationBuilder(GatewayApplication.class)
                .properties(GatewayApplication.CONFIG_NAME)
                .run(withCommonArgs("--server.port=" + gatewayPort,
                        "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                        "--ledgerline.projection-url=http://127.0.0.1:" + projectionPort,
                        "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres")));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "ledgerline-stack-stop"));
        awaitProcessorRunning();
    }

    /** The processor answers 200 on /health only once its streams client is RUNNING (tasks assigned). */
    private void awaitProcessorRunning() {
        Http.Response health = Http.await(processor() + "/health", r -> r.status() == 200, java.time.Duration.ofSeconds(90));
        if (health.status() != 200) {
            throw new IllegalStateException("ledger-processor did not become healthy: " + health.raw());
        }
    }

    private String[] withCommonArgs(String... own) {
        List<String> args = new ArrayList<>(List.of(own));
        args.add("--blnk.tokenization-secret=" + TOKENIZATION_SECRET);
        args.addAll(commonArgs);
        return args.toArray(String[]::new);
    }

    static synchronized LedgerlineStack get() throws IOException {
        return get(List.of());
    }

    /**
     * The JVM's stack, started with {@code commonArgs} given to every service. A test needing different
     * arguments than the running stack's must run in a JVM of its own (see the failsafe executions).
     */
    static synchronized LedgerlineStack get(List<String> commonArgs) throws IOException {
        return get(commonArgs, KafkaCluster::singleBroker);
    }

    /** As {@link #get(List)}, on the Kafka that {@code kafka} starts when this JVM has no stack yet. */
    static synchronized LedgerlineStack get(List<String> commonArgs,
                                            java.util.function.Supplier<KafkaCluster> kafka) throws IOException {
        if (instance == null) {
            instance = new LedgerlineStack(commonArgs, kafka.get());
        } else if (!instance.commonArgs.equals(commonArgs)) {
            throw new IllegalStateException("the stack of this JVM runs with " + instance.commonArgs
                    + ", not " + commonArgs);
        }
        return instance;
    }

    static synchronized void stop() {
        if (instance != null) {
            instance.stopAll();
            instance = null;
        }
    }

    private ConfigurableApplicationContext startProcessor() {
        return new SpringApplicationBuilder(ProcessorApplication.class)
                .properties(ProcessorApplication.CONFIG_NAME)
                .run(processorArgs);
    }

    /**
     * Stops ledger-processor's Kafka Streams client, deletes its whole local state directory (RocksDB
     * stores, checkpoints, locks) and starts a new client, which must rebuild its stores from the
     * changelog topics. Only the streams client is restarted, not the processor's Spring context:
     * closing one WebFlux context in this JVM disposes Reactor Netty's global event loops, which the
     * gateway and projection servers share. The caller should then prove it processes again.
     */
    synchronized void restartProcessorWithFreshState() throws IOException {
        LedgerStreams streams = services.get(0).getBean(LedgerStreams.class);
        streams.stop();
        try (var before = Files.walk(stateDir)) {
            if (before.noneMatch(Files::isRegularFile)) {
                throw new IllegalStateException("no processor state under " + stateDir + " to delete");
            }
        }
        deleteContents(stateDir);
        try (var left = Files.list(stateDir)) {
            if (left.findAny().isPresent()) {
                throw new IllegalStateException("state dir " + stateDir + " not empty after delete");
            }
        }
        streams.start();
    }

    /**
     * Starts another ledger-processor in this JVM, as a second machine would run one: its own instance id (static
     * membership), HTTP port and state directory, the same application id. Kafka then splits the partitions between
     * the instances. Returns its Spring context (stopped with the stack).
     */
    synchronized ConfigurableApplicationContext startAnotherProcessor(String instanceId) throws IOException {
        Path ownState = Files.createTempDirectory("ledgerline-it-streams-" + instanceId);
        ConfigurableApplicationContext another = new SpringApplicationBuilder(ProcessorApplication.class)
                .properties(ProcessorApplication.CONFIG_NAME)
                .run(withCommonArgs("--server.port=" + LoopbackPorts.free(),
                        "--ledgerline.processor.bootstrap-servers=" + bootstrap,
                        "--ledgerline.processor.state-dir=" + ownState,
                        "--ledgerline.processor.instance-id=" + instanceId,
                        "--ledgerline.processor.commit-interval-ms=10",
                        "--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=postgres"));
        services.add(another);
        extraStateDirs.add(ownState);
        return another;
    }

    /** The first processor's Spring context. */
    ConfigurableApplicationContext firstProcessor() {
        return services.get(0);
    }

    /**
     * Stops the processor's Kafka Streams client only (its Spring context keeps serving /health and
     * /monitoring, see {@link #restartProcessorWithFreshState()} for why not the context): commands
     * then wait in their topics.
     */
    synchronized void pauseProcessor() {
        services.get(0).getBean(LedgerStreams.class).stop();
    }

    /** Starts a new streams client after {@link #pauseProcessor()} and waits until it is RUNNING. */
    synchronized void resumeProcessor() {
        services.get(0).getBean(LedgerStreams.class).start();
        awaitProcessorRunning();
    }

    /** Waits until no event topic has grown for longer than a seal interval (a seal follows a burst's last entries). */
    void awaitQuietLog() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        java.util.Map<org.apache.kafka.common.TopicPartition, Long> before =
                dev.ledgerline.projection.replay.Replay.endOffsets(bootstrapServers());
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_500);
            java.util.Map<org.apache.kafka.common.TopicPartition, Long> now =
                    dev.ledgerline.projection.replay.Replay.endOffsets(bootstrapServers());
            if (now.equals(before)) {
                return;
            }
            before = now;
        }
    }

    /** The processor's local state (RocksDB stores) of this stack's first processor. */
    Path processorStateDir() {
        return stateDir;
    }

    /** Bootstrap servers of the embedded broker. */
    String bootstrapServers() {
        return bootstrap;
    }

    /** The R2DBC URL of the embedded PostgreSQL database the projection writes, with its user (postgres, no password). */
    String r2dbcUrl() {
        return r2dbcUrl.replace("r2dbc:postgresql://", "r2dbc:postgresql://postgres@");
    }

    /** A JDBC data source on the projection's database, for direct reads (and tampering) in tests. */
    javax.sql.DataSource database() {
        return postgres.getPostgresDatabase();
    }

    String gateway() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    String processor() {
        return "http://127.0.0.1:" + processorPort;
    }


    String projection() {
        return "http://127.0.0.1:" + projectionPort;
    }

    /** A bean of api-gateway's Spring context (the third service started). */
    <T> T gatewayBean(Class<T> type) {
        return services.get(2).getBean(type);
    }

    /** A bean of projection-service's Spring context (the second service started). */
    <T> T projectionBean(Class<T> type) {
        return services.get(1).getBean(type);
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
        kafka.close();
        try {
            for (Path dir : extraStateDirs) {
                deleteContents(dir);
                Files.deleteIfExists(dir);
            }
            deleteContents(stateDir);
            Files.deleteIfExists(stateDir);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** Deletes everything below {@code dir}, keeping {@code dir} itself. */
    private static void deleteContents(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
    }
}
