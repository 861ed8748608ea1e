package dev.ledgerline.observability;

import dev.ledgerline.observability.tracing.MonitoringDsn;

import dev.ledgerline.observability.tracing.OtlpExportSettings;

import java.util.ArrayList;
import java.util.List;

import dev.ledgerline.observability.access.SecureModeCheck;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The start-up line the seed tells users to look for ("server logs should report that monitoring
 * export is enabled"): whether export is on, and where each signal goes, with credentials redacted.
 */
public final class MonitoringStartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(MonitoringStartupReport.class);

    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    static final String METRICS_ENDPOINT = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String METRICS_INTERVAL = "LEDGERLINE_OTLP_METRICS_INTERVAL";

    private final BlnkProperties properties;
    private final org.springframework.beans.factory.ObjectProvider<OtlpExportSettings> otlp;

    public MonitoringStartupReport(BlnkProperties properties,
                                   org.springframework.beans.factory.ObjectProvider<OtlpExportSettings> otlp) {
        this.properties = properties;
        this.otlp = otlp;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        OtlpExportSettings export = otlp.getIfAvailable();
        Environment environment = event.getApplicationContext().getEnvironment();
        String line = (export == null ? describe(properties, environment) : describe(properties, environment, export))
                + "; " + SecureModeCheck.describe(properties.server().secure());
        if (properties.server().secure()) {
            log.info(line);
        } else {
            log.warn(line);
        }
    }

    /** With OTLP export configured: the pull endpoint plus where each pushed signal effectively goes. */
    static String describe(BlnkProperties properties, Environment environment, OtlpExportSettings export) {
        if (!properties.enableObservability()) {
            return describe(properties, environment);
        }
        return "monitoring export enabled for " + ServiceName.of(environment) + ": metrics pull GET /metrics ("
                + metricsAccess(properties) + "); " + export.targets() + "; monitoring DSN -> "
                + (properties.monitoringDsn().isEmpty() ? "not configured"
                        : MonitoringDsn.printable(properties.monitoringDsn()) + " (logs, traces, metrics)")
                + "; logs -> stdout (JSON)";
    }

    static String describe(BlnkProperties properties, Environment environment) {
        String service = ServiceName.of(environment);
        if (!properties.enableObservability()) {
            return "monitoring export disabled for " + service
                    + ": /metrics is not registered (set BLNK_ENABLE_OBSERVABILITY=true or enable_observability in blnk.json); logs go to stdout";
        }
        List<String> targets = new ArrayList<>();
        targets.add("metrics pull GET /metrics (" + metricsAccess(properties) + ")");
        String traces = endpoint(environment, TRACES_ENDPOINT, "/v1/traces");
        targets.add("traces -> " + (traces == null ? "not configured (" + TRACES_ENDPOINT + " unset)" : traces));
        String metrics = endpoint(environment, METRICS_ENDPOINT, "/v1/metrics");
        targets.add("metrics push -> " + (metrics == null ? "not configured (" + METRICS_ENDPOINT + " unset)"
                : metrics + " every " + environment.getProperty(METRICS_INTERVAL, "60s")));
        targets.add("monitoring DSN -> " + (properties.monitoringDsn().isEmpty() ? "not configured"
                : MonitoringDsn.printable(properties.monitoringDsn()) + " (logs, traces, metrics)"));
        targets.add("logs -> stdout (JSON)");
        return "monitoring export enabled for " + service + ": " + String.join("; ", targets);
    }

    private static String metricsAccess(BlnkProperties properties) {
        if (!properties.server().metricsBearerToken().isEmpty()) {
            return "Authorization: Bearer <token> required";
        }
        return properties.server().secure() ? "closed: secure mode without BLNK_METRICS_BEARER_TOKEN answers 403" : "open";
    }

    private static String endpoint(Environment environment, String specific, String pathOfGeneric) {
        String value = environment.getProperty(specific);
        if (value == null || value.isBlank()) {
            String generic = environment.getProperty(ENDPOINT);
            if (generic == null || generic.isBlank()) {
                return null;
            }
            value = generic.replaceAll("/+$", "") + pathOfGeneric;
        }
        return Redactor.redact(value.trim());
    }
}
