package dev.ledgerline.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ledgerline.observability.tracing.OtlpReceiver.ReceivedRequest;
import dev.ledgerline.observability.tracing.probe.ExportProbeApplication;

/**
 * A service started with {@code BLNK_MONITORING_DSN} pointing at a real OTLP/HTTP receiver on 127.0.0.1
 * sends traces, metrics and logs there, each request carrying the write key as bearer credential and the
 * project id, and nothing it sends contains the key or the other configured secrets.
 */
class MonitoringDsnExportTest {

    private static final String WRITE_KEY = "wk_test_4f9a2c71";
    private static final String SERVER_SECRET = "server-secret-5d1e";
    private static final String CALLER_KEY = "blnk-caller-key-88";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(ExportProbeApplication.class).run(args);
    }

    private static int get(ConfigurableApplicationContext app, String path) throws IOException, InterruptedException {
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("X-Blnk-Key", CALLER_KEY)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    @Test
    void sendsTracesMetricsAndLogsToTheDsnHostWithTheWriteKeyAndNoSecrets() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ConfigurableApplicationContext app = start("--server.port=0", "--spring.application.name=api-gateway",
                        "--BLNK_ENABLE_OBSERVABILITY=true",
                        "--BLNK_MONITORING_DSN=http://" + WRITE_KEY + "@127.0.0.1:" + receiver.port() + "/proj-7",
                        "--BLNK_SERVER_SECRET_KEY=" + SERVER_SECRET,
                        "--LEDGERLINE_OTLP_METRICS_INTERVAL=1s",
                        "--management.opentelemetry.tracing.export.schedule-delay=200ms")) {
            // when the service serves a request that logs secrets
            assertThat(get(app, "/probe?token=" + CALLER_KEY)).isEqualTo(200);

            // then its span, its metrics and its log line arrive under its service name
            assertThat(receiver.awaitSpans(spans -> spans.stream().anyMatch(s -> s.kind().equals("SPAN_KIND_SERVER")),
                    WAIT)).anyMatch(s -> s.service().equals("api-gateway") && s.name().contains("/probe"));
            assertThat(receiver.awaitMetrics(metrics -> metrics.stream().anyMatch(m -> m.name().equals("blnk.probe")),
                    WAIT)).anyMatch(m -> m.service().equals("api-gateway") && m.name().equals("blnk.probe"));
            List<OtlpReceiver.ReceivedLog> logs = receiver.awaitLogs(
                    received -> received.stream().anyMatch(l -> l.body().startsWith("probe served")), WAIT);
            OtlpReceiver.ReceivedLog probeLine = logs.stream().filter(l -> l.body().startsWith("probe served"))
                    .findFirst().orElseThrow();
            assertThat(probeLine.service()).isEqualTo("api-gateway");
            assertThat(probeLine.severity()).isEqualTo("INFO");
            assertThat(probeLine.body()).contains(ExportRedaction.MASK);
            assertThat(probeLine.traceId()).as("the log line is linked to the request's trace").isNotBlank()
                    .isNotEqualTo("00000000000000000000000000000000");

            // and every export request carried the credential and the project
            assertThat(receiver.requests()).extracting(ReceivedRequest::path)
                    .contains("/v1/traces", "/v1/metrics", "/v1/logs");
            assertThat(receiver.requests()).allSatisfy(request -> {
                assertThat(request.headers()).containsEntry("authorization", "Bearer " + WRITE_KEY);
                assertThat(request.headers()).containsEntry("x-blnk-project-id", "proj-7");
            });
            // and no payload contains a secret
            assertThat(receiver.everythingReceived()).doesNotContain(WRITE_KEY).doesNotContain(SERVER_SECRET)
                    .doesNotContain(CALLER_KEY);
        }
    }

    @Test
    void sendsNothingWhenObservabilityIsOff() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ConfigurableApplicationContext app = start("--server.port=0",
                        "--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.baseUrl(),
                        "--BLNK_MONITORING_DSN=http://" + WRITE_KEY + "@127.0.0.1:" + receiver.port() + "/proj-7",
                        "--LEDGERLINE_OTLP_METRICS_INTERVAL=1s",
                        "--management.opentelemetry.tracing.export.schedule-delay=200ms")) {
            // when a request is served with export configured but observability not enabled
            assertThat(get(app, "/probe")).isEqualTo(200);
            Thread.sleep(3_000); // longer than the metrics interval and the span export delay

            // then nothing was sent
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aMalformedDsnStopsStartUpWithAClearErrorThatHidesTheKey() {
        assertThatThrownBy(() -> start("--server.port=0", "--BLNK_ENABLE_OBSERVABILITY=true",
                "--BLNK_MONITORING_DSN=http://" + WRITE_KEY + "@observe.example.com/proj-7").close())
                .hasMessageContaining("BLNK_MONITORING_DSN")
                .hasMessageContaining("https://<write-key>@<host>/<project-id>")
                .hasMessageNotContaining(WRITE_KEY);
    }
}
