package dev.ledgerline.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class OtlpExportSettingsTest {

    private static OtlpExportSettings settings(String... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return OtlpExportSettings.from(environment);
    }

    @Test
    void exportsNothingUnlessObservabilityIsEnabled() {
        OtlpExportSettings off = settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "BLNK_MONITORING_DSN", "https://k@h/p");

        assertThat(off.enabled()).isFalse();
        assertThat(off.exportsTraces() || off.exportsMetrics() || off.exportsLogs()).isFalse();
        assertThat(OtlpExportEnvironmentPostProcessor.properties(off))
                .containsEntry("management.otlp.metrics.export.enabled", false)
                .doesNotContainKey("management.opentelemetry.tracing.export.otlp.endpoint");
    }

    @Test
    void derivesSignalPathsFromTheGeneralEndpointAndKeepsLogsOnStdout() {
        OtlpExportSettings on = settings("BLNK_ENABLE_OBSERVABILITY", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/", "spring.application.name", "ledger-processor");

        assertThat(on.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(on.metricsUrl()).isEqualTo("http://collector:4318/v1/metrics");
        assertThat(on.logsUrl()).isNull();
        assertThat(on.serviceName()).isEqualTo("worker");
        assertThat(on.metricsInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void signalEndpointsWinAndGetTheOtlpPathWhenTheyHaveNone() {
        // Blnk's docs set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://jaeger:4318 (no path)
        OtlpExportSettings on = settings("BLNK_ENABLE_OBSERVABILITY", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://jaeger:4318",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://metrics:9090/otlp/v1/metrics",
                "LEDGERLINE_OTLP_METRICS_INTERVAL", "5");

        assertThat(on.tracesUrl()).isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(on.metricsUrl()).isEqualTo("http://metrics:9090/otlp/v1/metrics");
        assertThat(on.metricsInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(OtlpExportEnvironmentPostProcessor.properties(on))
                .containsEntry("management.otlp.metrics.export.step", "5000ms")
                .containsEntry("management.tracing.sampling.probability", "1.0");
    }

    @Test
    void aMonitoringDsnSendsAllThreeSignalsToItsHostWithTheKeyAsCredential() {
        OtlpExportSettings on = settings("BLNK_ENABLE_OBSERVABILITY", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "BLNK_CLOUD_DSN", "https://wk_1@observe.example.com/prj_9");

        assertThat(on.tracesUrl()).isEqualTo("https://observe.example.com/v1/traces");
        assertThat(on.metricsUrl()).isEqualTo("https://observe.example.com/v1/metrics");
        assertThat(on.logsUrl()).isEqualTo("https://observe.example.com/v1/logs");
        assertThat(OtlpExportEnvironmentPostProcessor.properties(on))
                .containsEntry("management.opentelemetry.tracing.export.otlp.headers[Authorization]", "Bearer wk_1")
                .containsEntry("management.otlp.metrics.export.headers[X-Blnk-Project-Id]", "prj_9")
                .containsEntry("management.opentelemetry.logging.export.otlp.headers[Authorization]", "Bearer wk_1");
        assertThat(on.describe()).contains("https://observe.example.com/v1/logs").doesNotContain("wk_1");
    }

    @Test
    void blnkJsonKeysAreReadWhenNoVariableIsSet() {
        OtlpExportSettings on = settings("enable_observability", "true",
                "cloud_dsn", "https://wk_2@observe.example.com/prj_2");

        assertThat(on.enabled()).isTrue();
        assertThat(on.dsn().projectId()).isEqualTo("prj_2");
    }

    @Test
    void badValuesFailNamingTheVariable() {
        assertThatThrownBy(() -> settings("BLNK_ENABLE_OBSERVABILITY", "true", "BLNK_MONITORING_DSN", "nonsense"))
                .hasMessageContaining("BLNK_MONITORING_DSN");
        assertThatThrownBy(() -> settings("BLNK_ENABLE_OBSERVABILITY", "true",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "jaeger:4318"))
                .hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        assertThatThrownBy(() -> settings("LEDGERLINE_OTLP_METRICS_INTERVAL", "soon"))
                .hasMessageContaining("LEDGERLINE_OTLP_METRICS_INTERVAL");
    }
}
