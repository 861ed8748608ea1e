package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The short crash matrix: {@code dev/chaos.sh --cycles 1} kills each component once with SIGKILL under load and
 * audits the result (docs/chaos.md). It runs the scripts as a user would, on the jars this build packaged (no
 * rebuild), with a home of its own and free ports, so it never meets a developer's stack; whatever happens, the
 * stack it started is stopped ({@code dev/down.sh}) before the test ends.
 */
class ChaosMatrixIT {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final long LIMIT_MINUTES = 20;

    @Test
    void givenTheStackUnderLoad_whenEachComponentIsKilledOnce_thenNoAcknowledgedTransferIsLostOrAppliedTwice() throws Exception {
        // given a home and ports of its own
        Path home = homeReachableByPostgres();
        Map<String, String> env = stackEnvironment(home);
        Path log = Path.of(System.getProperty("user.dir"), "target", "chaos-matrix-it.log");
        Process chaos = null;
        boolean passed = false;
        try {
            // when the short matrix runs
            chaos = start(new ProcessBuilder("bash", REPO.resolve("dev/chaos.sh").toString(), "--cycles", "1", "--one-load", "--settle", "5")
                    .redirectErrorStream(true).redirectOutput(log.toFile()), env);
            boolean finished = chaos.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES);

            // then it finished in time and found nothing
            assertThat(finished).as("dev/chaos.sh finished within %d minutes (log %s, home %s)", LIMIT_MINUTES, log, home)
                    .isTrue();
            assertThat(chaos.exitValue()).as("dev/chaos.sh exit code (home %s); its report:\n%s", home, tail(log)).isZero();
            assertThat(Files.readString(log)).as("home %s", home).contains("CRASH MATRIX PASSED");
            passed = true;
        } finally {
            stopEverything(chaos, env);
            if (passed && !home.startsWith(Path.of(System.getProperty("user.dir"), "target"))) {
                deleteRecursively(home); // a home under the temporary directory holds ~100 MB of broker and database
            }
        }
    }

    /** Best effort: a passed run's leftovers are not worth failing it for. */
    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /**
     * target/ of this module, or a fresh directory under the temporary directory when the user postgres (as which
     * dev/up.sh runs PostgreSQL when started by root) cannot reach target/ (a checkout under /root).
     */
    private static Path homeReachableByPostgres() throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("user.dir"), "target", "chaos-matrix-home");
        Files.createDirectories(target);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || new ProcessBuilder("runuser", "-u", "postgres", "--", "test", "-x", target.toString())
                .start().waitFor() == 0) {
            return target;
        }
        Path tmp = Files.createTempDirectory("ledgerline-chaos-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp;
    }

    private static Map<String, String> stackEnvironment(Path home) throws IOException {
        List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(),
                LoopbackPorts.free(), LoopbackPorts.free());
        int processor = LoopbackPorts.freeWithNeighbour(10);   // dev/lib.sh: ledger-processor-2 listens on the processor port + 10
        return Map.of(
                "LEDGERLINE_HOME", home.toString(),
                "LEDGERLINE_KAFKA_PORT", ports.get(0).toString(),
                "LEDGERLINE_KAFKA_CONTROLLER_PORT", ports.get(1).toString(),
                "LEDGERLINE_PG_PORT", ports.get(2).toString(),
                "LEDGERLINE_GATEWAY_PORT", ports.get(3).toString(),
                "LEDGERLINE_PROJECTION_PORT", ports.get(4).toString(),
                "LEDGERLINE_PROCESSOR_PORT", Integer.toString(processor),
                // the jars of this build, as they are
                "LEDGERLINE_SKIP_BUILD", "1");
    }

    /** Stops dev/chaos.sh if still running (its trap stops the stack), then dev/down.sh for anything left. */
    private static void stopEverything(Process chaos, Map<String, String> env) throws Exception {
        if (chaos != null && chaos.isAlive()) {
            chaos.destroy();   // SIGTERM: chaos.sh's trap stops its load and runs dev/down.sh
            if (!chaos.waitFor(120, TimeUnit.SECONDS)) {
                chaos.descendants().forEach(ProcessHandle::destroyForcibly);
                chaos.destroyForcibly().waitFor();
            }
        }
        Process down = start(new ProcessBuilder("bash", REPO.resolve("dev/down.sh").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of(System.getProperty("user.dir"), "target", "chaos-matrix-it.log").toFile())), env);
        if (!down.waitFor(180, TimeUnit.SECONDS)) {
            down.destroyForcibly();
        }
    }

    /** A script of the repository, in it, with the stack's environment and no stdin (as in CI). */
    private static Process start(ProcessBuilder script, Map<String, String> env) throws IOException {
        script.directory(REPO.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        script.environment().putAll(env);
        return script.start();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
