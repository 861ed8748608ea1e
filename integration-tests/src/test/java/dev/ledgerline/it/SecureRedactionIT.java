package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.ledgerline.core.access.ApiKeySecrets;
import dev.ledgerline.observability.tracing.OtlpReceiver;
import tools.jackson.databind.JsonNode;

/*
 * Goal: no key, key digest or secret reaches the logs or the OTLP exports. Method: the secure stack exporting
 * traces, metrics and logs to an in-JVM OTLP receiver, with every line the services print kept; keys are
 * created, used (in the header, as a wrong key, in a query string), revoked and refused, the master key and
 * internal credential are used, and then every captured log line and every received payload is searched for
 * each secret and each key's digest. (Topics: SecureAuthMatrixIT.)
 */
class SecureRedactionIT {

    private static final String MASTER = SecureInternalDoorIT.MASTER_KEY;
    private static OtlpReceiver receiver;
    private static LedgerlineStack stack;
    /** Everything the services print (their log lines: the console appender writes to System.out). */
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalOut;
    private static PrintStream originalErr;

    @BeforeAll
    static void startStack() throws Exception {
        receiver = OtlpReceiver.start();
        List<String> args = new ArrayList<>(SecureInternalDoorIT.SECURE_ARGS);
        args.addAll(List.of("--BLNK_ENABLE_OBSERVABILITY=true",
                "--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.baseUrl(),
                "--LEDGERLINE_OTLP_METRICS_INTERVAL=1s",
                "--management.opentelemetry.tracing.export.schedule-delay=200ms"));
        LedgerlineStack.stop(); // another class's stack may run with other arguments
        stack = LedgerlineStack.get(args);
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new TeeOutputStream(originalOut, LOGS), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeOutputStream(originalErr, LOGS), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopStack() {
        LedgerlineStack.stop();
        if (originalOut != null) {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void keysDigestsAndSecretsNeverReachLogsOrOtlpExports() throws Exception {
        // Given keys created, used, misused and revoked, and the master key used
        String run = UUID.randomUUID().toString().substring(0, 8);
        String reader = createKey(run, "ledgers:read");
        String writer = createKey(run, "transactions:write");
        assertThat(send("GET", "/ledgers", null, reader).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ledgers?api_key=" + reader, null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/transactions", Ledger.transferJson(run, "@World", "@Shop", "1", true, ""), reader)
                .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/transactions", Ledger.transferJson(run + "-w", "@World", "@Shop", "1", true, ""), writer)
                .statusCode())
                .isEqualTo(201);
        String wrong = ApiKeySecrets.newKey();
        assertThat(send("GET", "/ledgers", null, wrong).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api-keys/" + keyId(run, reader) + "?owner=" + run, null, MASTER).statusCode())
                .isEqualTo(204);
        assertThat(awaitStatus("/ledgers", reader, 401)).isEqualTo(401);
        assertThat(send("GET", "/transactions/reference/" + run + "-w", null, MASTER).statusCode()).isBetween(200, 404);

        // When the exports have been flushed (spans of these requests received)
        receiver.awaitSpans(spans -> spans.size() > 10, Duration.ofSeconds(30));
        Thread.sleep(1500); // one more metrics interval and span batch

        // Then no secret, no key and no key digest is in any log line or any received payload
        ApiKeySecrets digests = new ApiKeySecrets(MASTER);
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        secrets.put("master key", MASTER);
        for (String key : List.of(reader, writer, wrong)) {
            secrets.put("key " + key.substring(0, 6), key);
            secrets.put("digest of key " + key.substring(0, 6), digests.digest(key));
        }
        String logs = logText();
        String exported = receiver.everythingReceived();
        assertThat(logs).as("captured log text").isNotEmpty();
        assertThat(exported).as("received OTLP payloads, with the spans of the key requests").contains("/api-keys");
        List<String> leaks = new ArrayList<>();
        secrets.forEach((what, secret) -> {
            if (logs.contains(secret)) {
                leaks.add(what + " in the logs");
            }
            if (exported.contains(secret)) {
                leaks.add(what + " in the OTLP exports");
            }
        });
        assertThat(leaks).isEmpty();
    }

    private static String logText() {
        synchronized (LOGS) {
            return LOGS.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to the console as before and keeps a copy. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        TeeOutputStream(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            console.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
        }
    }

    private static String createKey(String owner, String scope) throws Exception {
        HttpResponse<String> created = send("POST", "/api-keys", "{\"name\":\"redaction\",\"owner\":\"" + owner
                + "\",\"scopes\":[\"" + scope + "\"],\"expires_at\":\"2099-01-01T00:00:00Z\"}", MASTER);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.JSON.readTree(created.body()).path("key").asString();
    }

    private static String keyId(String owner, String key) throws Exception {
        HttpResponse<String> list = send("GET", "/api-keys?owner=" + owner, null, MASTER);
        for (JsonNode item : Http.JSON.readTree(list.body())) {
            if (item.path("scopes").toString().contains("ledgers:read")) {
                return item.path("api_key_id").asString();
            }
        }
        throw new AssertionError("no key listed for " + owner + ": " + list.body());
    }

    private static int awaitStatus(String path, String key, int wanted) throws Exception {
        int status = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && status != wanted) {
            status = send("GET", path, null, key).statusCode();
        }
        return status;
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        return Http.withKey(method, stack.gateway() + path, body, key);
    }
}
