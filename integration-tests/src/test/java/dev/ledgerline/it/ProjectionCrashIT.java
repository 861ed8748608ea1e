package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.ProjectionApplication;
import dev.ledgerline.projection.replay.Replay;
import dev.ledgerline.projection.replay.Replay.TableDigest;
import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * kill -9 of a projection while it consumes: a second projection-service runs as its own OS process
 * (its own schema and consumer group, on the same broker and database), is killed with SIGKILL in
 * the middle of a burst of transfers, restarted, and must end with tables identical to the live
 * projection's: every entry applied exactly once across the crash (idempotent by balance and version).
 */
class ProjectionCrashIT {

    @Test
    void aProjectionKilledMidStreamResumesAndEndsIdenticalToTheLiveOne() throws Exception {
        LedgerlineStack stack = LedgerlineStack.get();
        Ledger ledger = new Ledger(stack);
        String schema = "crash_it_" + UUID.randomUUID().toString().substring(0, 8);
        String group = "projection-crash-it-" + UUID.randomUUID();
        String alice = ledger.fundedBalance("1000000");
        String bob = ledger.createBalance(ledger.createLedger("crash"), "USD");
        Process projection = start(stack, schema, group);
        try {
            // given a second projection catching up while transfers keep arriving
            String run = UUID.randomUUID().toString();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                bodies.add(Ledger.transferJson(run + "-" + i, alice, bob, "3", false, ""));
            }
            Thread burst = new Thread(() -> Http.postConcurrently(ledger.url("/transactions"), bodies));
            burst.start();
            awaitRows(stack, schema, 1, Duration.ofSeconds(120));

            // when it is killed with SIGKILL mid-stream and started again
            projection.destroyForcibly().waitFor();
            burst.join();
            projection = start(stack, schema, group);

            // then, once the log is quiet, every table equals the live projection's
            stack.awaitQuietLog();
            ConnectionFactoryOptions database = ConnectionFactoryOptions.parse(stack.r2dbcUrl());
            List<TableDigest> digests = awaitIdentical(database, schema, Duration.ofSeconds(120));
            assertThat(digests).allSatisfy(t -> assertThat(t.identical()).as(t.toString()).isTrue());
            assertThat(digests).filteredOn(t -> t.table().equals("balance_entries"))
                    .singleElement().satisfies(t -> assertThat(t.replayRows()).isGreaterThan(300));
        } finally {
            projection.destroyForcibly().waitFor();
            Replay.dropSchema(Replay.connections(ConnectionFactoryOptions.parse(stack.r2dbcUrl()), null), schema);
        }
    }

    /** projection-service in its own JVM, from this test's classpath. */
    private static Process start(LedgerlineStack stack, String schema, String group) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ProjectionApplication.class.getName(),
                "--" + ProjectionApplication.CONFIG_NAME,
                "--server.port=" + LoopbackPorts.free(),
                "--ledgerline.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                "--spring.r2dbc.url=" + stack.r2dbcUrl(),
                "--spring.r2dbc.username=postgres",
                "--ledgerline.projection.schema=" + schema,
                "--ledgerline.projection.group-id=" + group);
        File log = File.createTempFile("projection-crash-it", ".log");
        log.deleteOnExit();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitRows(LedgerlineStack stack, String schema, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (rows(stack, schema) >= atLeast) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the external projection wrote nothing into " + schema);
    }

    private static long rows(LedgerlineStack stack, String schema) {
        try (Connection connection = stack.database().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + schema + ".balance_entries")) {
            result.next();
            return result.getLong(1);
        } catch (Exception notYetCreated) {
            return 0;
        }
    }

    private static List<TableDigest> awaitIdentical(ConnectionFactoryOptions database, String schema, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TableDigest> digests = Replay.compare(Replay.connections(database, null), "public", schema);
        while (!digests.stream().allMatch(TableDigest::identical) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            digests = Replay.compare(Replay.connections(database, null), "public", schema);
        }
        return digests;
    }
}
