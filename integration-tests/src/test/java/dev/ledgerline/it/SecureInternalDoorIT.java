package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.observability.access.InternalCredential;
import dev.ledgerline.projection.integrity.LogScanGate;

/*
 * Goal: in secure mode only the gateway is a door. projection-service and ledger-processor answer nothing but
 * /health without the master key or the gateway's internal token, the gateway's reads still reach the projection
 * (it sends its token), and a log scan runs one at a time (429 with Retry-After while one runs).
 * Method: the whole stack in one JVM in secure mode (a failsafe execution of its own), real HTTP.
 */
class SecureInternalDoorIT {

    static final String MASTER_KEY = "secure-it-master-key-0123456789";
    /**
     * The classes started with exactly these arguments share one stack (the first starts it; the JVM's exit stops it),
     * so the secure execution pays for one start, not one per class; SecureRedactionIT stops it and runs its own.
     */
    static final List<String> SECURE_ARGS = List.of("--blnk.server.secure=true", "--blnk.server.secret-key=" + MASTER_KEY);

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static LedgerlineStack stack;

    @BeforeAll
    static void startStack() throws IOException {
        stack = LedgerlineStack.get(SECURE_ARGS);
    }

    @Test
    void projection_answers_only_health_without_a_credential() throws Exception {
        String token = InternalCredential.of(MASTER_KEY, "").token();

        assertThat(get(stack.projection() + "/ledgers", null, null).statusCode()).isEqualTo(401);
        assertThat(get(stack.projection() + "/integrity/seals", null, null).statusCode()).isEqualTo(401);
        assertThat(get(stack.projection() + "/ledgers", "X-Blnk-Key", "not-the-key").statusCode()).isEqualTo(401);
        assertThat(get(stack.projection() + "/ledgers", InternalCredential.TOKEN_HEADER, token + "x").statusCode())
                .isEqualTo(401);

        assertThat(get(stack.projection() + "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(get(stack.projection() + "/ledgers", "X-Blnk-Key", MASTER_KEY).statusCode()).isEqualTo(200);
        assertThat(get(stack.projection() + "/ledgers", InternalCredential.TOKEN_HEADER, token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void processor_answers_only_health_without_a_credential() throws Exception {
        HttpResponse<String> refused = get(stack.processor() + "/queues", null, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("AUTH_MISSING_API_KEY");
        assertThat(get(stack.processor() + "/health", null, null).statusCode()).isEqualTo(200);
        // past the door, an unknown path is an ordinary 404
        assertThat(get(stack.processor() + "/queues", "X-Blnk-Key", MASTER_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void the_gateway_reads_through_the_projection_with_its_internal_token() throws Exception {
        HttpResponse<String> ledgers = get(stack.gateway() + "/ledgers", "X-Blnk-Key", MASTER_KEY);

        assertThat(ledgers.statusCode()).isEqualTo(200);
        assertThat(ledgers.body()).contains("general_ledger_id");
    }

    @Test
    void a_second_log_scan_while_one_runs_is_told_to_come_back() throws Exception {
        LogScanGate scans = stack.projectionBean(LogScanGate.class);
        assertThat(scans.tryHold()).as("no scan should be running").isTrue();
        try {
            HttpResponse<String> busy = get(stack.gateway() + "/integrity/verify", "X-Blnk-Key", MASTER_KEY);

            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
            assertThat(busy.body()).contains("GEN_RATE_LIMITED");
        } finally {
            scans.release();
        }
        HttpResponse<String> verified = get(stack.gateway() + "/integrity/verify", "X-Blnk-Key", MASTER_KEY);
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("\"valid\":true");
    }

    static HttpResponse<String> post(String url, String json, String masterKey) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Blnk-Key", masterKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String header, String value) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(200)).GET();
        if (header != null) {
            request.header(header, value);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
