package dev.ledgerline.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.ledgerline.observability.Redactor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' log formatter against Spring Boot's own {@code logstash} format, both run by Spring Boot's
 * {@link StructuredLogEncoder} as a service runs them: for the same events they must write the same JSON, and ours
 * must also redact.
 */
class LogstashLineFormatterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "formatter-test-secret-0123456789";

    private final LoggerContext logback = new LoggerContext();

    private StructuredLogEncoder encoder(String format) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "logging.structured.json.rename.traceId", "trace_id",
                "logging.structured.json.rename.spanId", "span_id",
                "logging.structured.json.add.service", "${test.service-name:unnamed}",
                "test.service-name", "worker")));
        logback.putObject(org.springframework.core.env.Environment.class.getName(), environment);
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(logback);
        encoder.setFormat(format);
        encoder.start();
        return encoder;
    }

    private JsonNode written(String format, LoggingEvent event) {
        byte[] line = encoder(format).encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{");
        return JSON.readTree(text);
    }

    private LoggingEvent event(String message, Throwable thrown) {
        LoggingEvent event = new LoggingEvent("test", logback.getLogger("dev.ledgerline.http"), Level.WARN, message,
                thrown, null);
        event.setThreadName("reactor-http-epoll-3");
        event.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7",
                "transaction_id", "txn_1"));
        event.addKeyValuePair(new KeyValuePair("method", "POST"));
        event.addKeyValuePair(new KeyValuePair("status", 201));
        event.addKeyValuePair(new KeyValuePair("latency_ms", 12L));
        event.addKeyValuePair(new KeyValuePair("retried", false));
        event.addKeyValuePair(new KeyValuePair("path", "/transactions \"quoted\"\tand\\slashed\nnext"));
        event.addMarker(MarkerFactory.getMarker("audit"));
        return event;
    }

    @Test
    void writes_what_spring_boots_logstash_format_writes() {
        // given an event with MDC entries, key-value pairs of several types, a marker and characters to escape
        LoggingEvent plain = event("http request \u00e9\u4e2d \u0001", null);
        LoggingEvent failed = event("export failed", new IllegalStateException("broker gone"));

        // when both formats write them
        // then the JSON is the same, field for field and in the same order
        for (LoggingEvent event : List.of(plain, failed)) {
            JsonNode spring = written("logstash", event);
            JsonNode ours = written(LogstashLineFormatter.class.getName(), event);
            assertThat(ours.propertyNames()).containsExactlyElementsOf(spring.propertyNames());
            assertThat(ours).isEqualTo(spring);
        }
        JsonNode line = written(LogstashLineFormatter.class.getName(), plain);
        assertThat(line.path("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.path("status").isInt()).isTrue();
        assertThat(line.path("service").asString()).isEqualTo("worker");
    }

    @Test
    void every_string_is_redacted() {
        // given a registered secret in the message, an MDC value, a key-value pair and an exception's message
        Redactor.registerSecret(SECRET);
        LoggingEvent event = new LoggingEvent("test", logback.getLogger("x"), Level.ERROR,
                "calling with password={} and <" + SECRET + ">", new IllegalStateException("key " + SECRET),
                new Object[] {"hunter2-hunter2"});
        event.setMDCPropertyMap(Map.of("note", "token=" + SECRET));
        event.addKeyValuePair(new KeyValuePair("path", "/balances?api_key=abc&x=1"));

        // when our format writes it
        String text = new String(encoder(LogstashLineFormatter.class.getName()).encode(event), StandardCharsets.UTF_8);

        // then nothing secret is left
        assertThat(text).doesNotContain(SECRET, "hunter2", "abc");
        JsonNode line = JSON.readTree(text);
        assertThat(line.path("path").asString()).isEqualTo("/balances?api_key=[REDACTED]&x=[REDACTED]");
        assertThat(line.path("stack_trace").asString()).contains("IllegalStateException");
    }
}
