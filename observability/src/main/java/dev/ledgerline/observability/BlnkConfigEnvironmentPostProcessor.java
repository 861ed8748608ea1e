package dev.ledgerline.observability;

import dev.ledgerline.observability.tracing.MonitoringDsn;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

import dev.ledgerline.observability.logging.LogstashLineFormatter;
import dev.ledgerline.observability.logging.RedactingJsonMembersCustomizer;

/**
 * Puts Blnk's configuration ({@link BlnkConfig}: {@code BLNK_*} variables over {@code blnk.json}) into
 * every service's Spring environment as {@code blnk.*} properties, and the observability defaults
 * every service shares (structured JSON logs with redaction, HTTP latency histograms).
 *
 * <p>Precedence, highest first: command-line arguments and system properties ({@code --blnk.server.port}
 * in tests), then {@code BLNK_*} variables, then {@code blnk.json}, then the service's own config file.
 * The defaults come last, so a service's config file can override them. Runs after Spring's config-data
 * processing, before logging is initialised, so the logging defaults apply from the first line.
 */
public final class BlnkConfigEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String BLNK_SOURCE = "blnk-config";
    public static final String DEFAULTS_SOURCE = "ledgerline-observability-defaults";

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, String> variables = new HashMap<>();
        environment.getSystemEnvironment().forEach((name, value) -> variables.put(name, String.valueOf(value)));
        // BLNK_CONFIG_FILE may also come as a system property or argument (tests, `java -DBLNK_CONFIG_FILE=...`).
        String configFile = environment.getProperty(BlnkConfig.CONFIG_FILE_VARIABLE);
        if (configFile != null) {
            variables.put(BlnkConfig.CONFIG_FILE_VARIABLE, configFile);
        }
        BlnkConfig config = BlnkConfig.load(variables, Path.of("").toAbsolutePath());
        Redactor.registerSecret(config.secretKey());
        Redactor.registerSecret(config.metricsBearerToken());
        Redactor.registerSecret(config.tokenizationSecret());
        // webhook header values are usually receiver credentials (Authorization, API keys)
        config.webhookHeaders().values().forEach(Redactor::registerSecret);
        MonitoringDsn.writeKeyOf(config.monitoringDsn()).ifPresent(Redactor::registerSecret);

        MutablePropertySources sources = environment.getPropertySources();
        MapPropertySource blnk = new MapPropertySource(BLNK_SOURCE, config.toProperties());
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, blnk);
        } else {
            sources.addLast(blnk);
        }
        sources.addLast(new MapPropertySource(DEFAULTS_SOURCE, defaults()));
    }

    static Map<String, Object> defaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // One JSON object per line on stdout; MDC entries and key-value pairs become top-level fields.
        // Logstash's shape, written and redacted by LogstashLineFormatter; the customizer redacts with Spring Boot's own
        // formats too, for an operator who picks one of them (logstash, ecs, gelf).
        defaults.put("logging.structured.format.console", LogstashLineFormatter.class.getName());
        defaults.put("logging.structured.json.customizer", RedactingJsonMembersCustomizer.class.getName());
        // Micrometer Tracing names them traceId/spanId in the MDC; the OpenTelemetry MDC instrumentation trace_id/span_id.
        defaults.put("logging.structured.json.rename.traceId", "trace_id");
        defaults.put("logging.structured.json.rename.spanId", "span_id");
        defaults.put("logging.structured.json.add.service", "${" + ServiceName.PROPERTY + ":${spring.application.name:}}");
        // http_server_requests_seconds_bucket for latency quantiles in PromQL (histogram_quantile).
        defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", true);
        // No long-task timer per observation (http_server_requests_active_seconds and the like): nothing reads it, and
        // each request paid a sorted-set insert and removal for it (about 2 % of the gateway's CPU in a JFR profile).
        defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
        // While no broker answers, a Kafka 4.1 admin client re-bootstraps in a loop and logs each round at INFO:
        // about 265 lines a second per admin client (health probe, queue views, topic set-up), hundreds of thousands
        // of lines in a minute-long broker outage. The client keeps re-bootstrapping; only the log of it is quieted.
        defaults.put("logging.level.org.apache.kafka.clients.admin.internals.AdminMetadataManager", "WARN");
        return defaults;
    }
}
