package dev.ledgerline.observability.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Translates {@link OtlpExportSettings} (Blnk's and OpenTelemetry's variables) into Spring Boot's own
 * OpenTelemetry properties, as defaults that any explicit {@code management.*} setting still overrides.
 * Runs in every Spring context separately, so three services sharing one JVM (integration tests) each get
 * their own SDK, service name and exporters. A bad DSN or endpoint stops start-up here.
 */
public class OtlpExportEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "ledgerline-otlp-export";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        OtlpExportSettings settings = OtlpExportSettings.from(environment);
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties(settings)));
    }

    static Map<String, Object> properties(OtlpExportSettings settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("management.opentelemetry.resource-attributes[service.name]", settings.serviceName());
        // micrometer-registry-otlp is on the classpath; without this Boot would push to localhost:4318.
        properties.put("management.otlp.metrics.export.enabled", settings.exportsMetrics());
        if (settings.exportsMetrics()) {
            properties.put("management.otlp.metrics.export.url", settings.metricsUrl());
            properties.put("management.otlp.metrics.export.step", settings.metricsInterval().toMillis() + "ms");
            putHeaders(properties, "management.otlp.metrics.export.headers", settings);
        }
        if (settings.enabled()) {
            // WebFlux handlers then run with the request's span current, so their logs carry its trace id
            properties.put("spring.reactor.context-propagation", "auto");
        }
        // Blnk exports every trace; without export, spans stay unsampled but still carry ids for log correlation.
        properties.put("management.tracing.sampling.probability", settings.exportsTraces() ? "1.0" : "0.0");
        if (settings.exportsTraces()) {
            properties.put("management.opentelemetry.tracing.export.otlp.endpoint", settings.tracesUrl());
            putHeaders(properties, "management.opentelemetry.tracing.export.otlp.headers", settings);
        }
        if (settings.exportsLogs()) {
            properties.put("management.opentelemetry.logging.export.otlp.endpoint", settings.logsUrl());
            putHeaders(properties, "management.opentelemetry.logging.export.otlp.headers", settings);
        }
        return properties;
    }

    private static void putHeaders(Map<String, Object> properties, String prefix, OtlpExportSettings settings) {
        settings.headers().forEach((name, value) -> properties.put(prefix + "[" + name + "]", value));
    }

    @Override
    public int getOrder() {
        // after config data (application.yml, spring.application.name) is loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
