package dev.ledgerline.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Blnk TypeScript SDK (pinned in {@code src/test/sdk/package.json}), installed with {@code npm ci}
 * into {@code target/} and run by {@code src/test/sdk/check-sdk.cjs} against a gateway. Used by the SDK tests of
 * the insecure and the secure stack.
 */
final class BlnkTypeScriptSdk {

    private static final Path SOURCE = Paths.get("src", "test", "sdk");
    private static final Path WORK = Paths.get("target", "blnk-sdk");
    private static final long INSTALL_MINUTES = 5;
    private static final long RUN_MINUTES = 5;

    record Run(int exitCode, String output) {
    }

    private BlnkTypeScriptSdk() {
    }

    /** Copies the check and its lock file into target/ and installs the SDK there (once per JVM). */
    static synchronized void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "check-sdk.cjs")) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(WORK.resolve("node_modules/@blnkfinance/blnk-typescript"))) {
            return;
        }
        Run npm = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), List.of(), INSTALL_MINUTES);
        if (npm.exitCode() != 0) {
            throw new IllegalStateException("npm ci of the Blnk TypeScript SDK failed (is the npm registry reachable?):\n"
                    + npm.output());
        }
    }

    /** Runs the SDK check against {@code gatewayUrl}, sending {@code apiKey} when not null. */
    static Run check(String gatewayUrl, String apiKey) throws IOException, InterruptedException {
        List<String> env = apiKey == null ? List.of("BLNK_URL=" + gatewayUrl)
                : List.of("BLNK_URL=" + gatewayUrl, "BLNK_API_KEY=" + apiKey);
        return exec(List.of("node", "check-sdk.cjs"), env, RUN_MINUTES);
    }

    private static Run exec(List<String> command, List<String> env, long minutes) throws IOException, InterruptedException {
        Path log = Files.createTempFile("blnk-sdk", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Paths.get("/dev/null").toFile()));
            builder.environment().put("CI", "true");
            for (String pair : env) {
                int eq = pair.indexOf('=');
                builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            Process process = builder.start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + minutes + " min: " + command + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
