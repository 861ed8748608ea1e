package dev.ledgerline.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ledgerline.observability.ObservedTestApplication;

/*
 * Goal: every service logs one JSON object per line on stdout, with trace/span/transaction ids as
 * fields, a start-up line saying where monitoring export goes, and no secret in any line whoever logs
 * it. Method: a real service with the module auto-configured, stdout captured, every line parsed.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogTest {

    private static final String TOKEN = "metrics-token-0123456789";
    private static final String MASTER_KEY = "master-key-0123456789";
    private static final String DSN_KEY = "dsnwritekey0123456789";
    private static final String PASSWORD = "pg-password-0123456789";
    private static final Logger log = LoggerFactory.getLogger(StructuredLogTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void log_lines_are_json_with_ids_and_without_secrets(CapturedOutput output) {
        try (var service = ObservedTestApplication.start("--blnk.enable-observability=true",
                "--blnk.server.metrics-bearer-token=" + TOKEN, "--blnk.server.secret-key=" + MASTER_KEY,
                "--blnk.monitoring-dsn=https://" + DSN_KEY + "@observe.example/project-7")) {
            // given a request about a transaction, with a query value that must not be logged
            service.http().get().uri("/transactions/txn_0a1b2c?api_key=" + MASTER_KEY).exchange();
            // and code that logs inside a trace (ids in the MDC as Micrometer Tracing puts them), carelessly
            MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
            MDC.put("spanId", "00f067aa0ba902b7");
            MDC.put("transaction_id", "txn_feed");
            try {
                log.info("calling with Authorization: Bearer {} and X-Blnk-Key: {} and password={}", TOKEN, MASTER_KEY,
                        PASSWORD);
                log.info("a shape no pattern knows: <{}|{}>", TOKEN, MASTER_KEY);
                log.warn("export failed", new IllegalStateException("POST https://" + DSN_KEY + "@observe.example/v1/logs"));
            } finally {
                MDC.clear();
            }
        }

        // then every line is one JSON object carrying the service name
        List<JsonNode> lines = output.getOut().lines().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.path("service").asString()).isEqualTo("obs-test"));

        JsonNode careless = only(lines, "calling with Authorization");
        assertThat(careless.path("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(careless.path("span_id").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(careless.path("transaction_id").asString()).isEqualTo("txn_feed");
        assertThat(careless.path("level").asString()).isEqualTo("INFO");

        JsonNode access = lines.stream().filter(line -> line.path("message").asString().equals("http request")
                && line.path("path").asString().startsWith("/transactions/")).findFirst().orElseThrow();
        assertThat(access.path("transaction_id").asString()).isEqualTo("txn_0a1b2c");
        assertThat(access.path("status").asInt()).isEqualTo(404);
        assertThat(access.path("path").asString()).isEqualTo("/transactions/txn_0a1b2c?api_key=[REDACTED]");

        JsonNode startup = only(lines, "monitoring export enabled");
        assertThat(startup.path("message").asString())
                .contains("GET /metrics (Authorization: Bearer <token> required)")
                .contains("monitoring DSN -> https://[REDACTED]@observe.example/project-7");

        assertThat(output.getAll()).doesNotContain(TOKEN, MASTER_KEY, DSN_KEY, PASSWORD);
    }

    @Test
    void without_observability_the_start_up_line_says_export_is_disabled(CapturedOutput output) {
        try (var service = ObservedTestApplication.start()) {
            assertThat(only(output.getOut().lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList(),
                    "monitoring export disabled").path("message").asString())
                    .contains("BLNK_ENABLE_OBSERVABILITY=true");
        }
    }

    private static JsonNode only(List<JsonNode> lines, String messageStart) {
        List<JsonNode> matching = lines.stream().filter(l -> l.path("message").asString().startsWith(messageStart)).toList();
        assertThat(matching).as("lines starting with '%s'", messageStart).hasSize(1);
        return matching.get(0);
    }
}
