package dev.ledgerline.observability.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.PropertyResolver;

/**
 * Where this service sends traces, metrics and logs over OTLP/HTTP, resolved from Blnk's and
 * OpenTelemetry's variables (env wins over {@code blnk.json}, whose keys are also looked up):
 * <ul>
 * <li>nothing leaves the process unless {@code BLNK_ENABLE_OBSERVABILITY} / {@code enable_observability} is true;</li>
 * <li>a monitoring DSN ({@code BLNK_MONITORING_DSN}, legacy {@code BLNK_CLOUD_DSN}, JSON {@code monitoring_dsn}
 * or {@code cloud_dsn}) sends all three signals to its host with the write key as credential, and wins over
 * the {@code OTEL_*} endpoints;</li>
 * <li>otherwise traces go to {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, metrics to
 * {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}, logs to {@code OTEL_EXPORTER_OTLP_LOGS_ENDPOINT}, each falling
 * back to {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus {@code /v1/<signal>} (logs only when that endpoint is
 * given or {@code OTEL_LOGS_EXPORTER=otlp}: they are on stdout anyway). A signal endpoint without a path gets {@code /v1/<signal>}, so Blnk's
 * documented {@code http://jaeger:4318} works;</li>
 * <li>metrics are pushed every {@code LEDGERLINE_OTLP_METRICS_INTERVAL} (default 60s; a bare number is seconds).</li>
 * </ul>
 * Invalid values fail start-up with a message naming the variable (and never a credential).
 *
 * @param tracesUrl null when traces are not exported
 * @param metricsUrl null when metrics are not pushed
 * @param logsUrl null when logs are not exported
 * @param headers HTTP headers of every export (the DSN's credential, or {@code OTEL_EXPORTER_OTLP_HEADERS})
 */
public record OtlpExportSettings(boolean enabled, String serviceName, String tracesUrl, String metricsUrl,
        String logsUrl, Map<String, String> headers, Duration metricsInterval, MonitoringDsn dsn) {

    public static final String ENABLE_OBSERVABILITY = "BLNK_ENABLE_OBSERVABILITY";
    public static final String MONITORING_DSN = "BLNK_MONITORING_DSN";
    public static final String CLOUD_DSN = "BLNK_CLOUD_DSN";
    public static final String OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static final String OTLP_TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public static final String OTLP_METRICS_ENDPOINT = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    public static final String OTLP_LOGS_ENDPOINT = "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT";
    public static final String OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    public static final String METRICS_INTERVAL = "LEDGERLINE_OTLP_METRICS_INTERVAL";
    public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(60);

    public static OtlpExportSettings from(PropertyResolver config) {
        String serviceName = ServiceNames.forApplication(config.getProperty("spring.application.name"));
        Duration interval = metricsInterval(config);
        if (!isTrue(first(config, ENABLE_OBSERVABILITY, "blnk.enable-observability", "enable_observability"))) {
            return new OtlpExportSettings(false, serviceName, null, null, null, Map.of(), interval, null);
        }
        String dsnVariable = config.getProperty(MONITORING_DSN) != null && !config.getProperty(MONITORING_DSN).isBlank()
                ? MONITORING_DSN : CLOUD_DSN;
        String dsnText = first(config, MONITORING_DSN, CLOUD_DSN, "blnk.monitoring-dsn", "monitoring_dsn", "cloud_dsn");
        if (dsnText != null) {
            MonitoringDsn dsn = MonitoringDsn.parse(dsnText, dsnVariable);
            String base = dsn.baseUrl();
            return new OtlpExportSettings(true, serviceName, base + "/v1/traces", base + "/v1/metrics",
                    base + "/v1/logs", dsn.headers(), interval, dsn);
        }
        String general = first(config, OTLP_ENDPOINT);
        String traces = signalUrl(config, OTLP_TRACES_ENDPOINT, general, "/v1/traces");
        String metrics = signalUrl(config, OTLP_METRICS_ENDPOINT, general, "/v1/metrics");
        String logs = first(config, OTLP_LOGS_ENDPOINT) != null || logsToGeneral(config)
                ? signalUrl(config, OTLP_LOGS_ENDPOINT, general, "/v1/logs") : null;
        return new OtlpExportSettings(true, serviceName, traces, metrics, logs, headers(first(config, OTLP_HEADERS)),
                interval, null);
    }

    public boolean exportsTraces() {
        return tracesUrl != null;
    }

    public boolean exportsMetrics() {
        return metricsUrl != null;
    }

    public boolean exportsLogs() {
        return logsUrl != null;
    }

    /**
     * Where each pushed signal goes (URLs only, no credentials), for the one start-up line
     * ({@code MonitoringStartupReport}).
     */
    public String targets() {
        return "OTLP traces -> " + orNone(tracesUrl) + ", OTLP metrics -> " + orNone(metricsUrl)
                + (exportsMetrics() ? " every " + metricsInterval.toSeconds() + "s" : "")
                + ", OTLP logs -> " + (exportsLogs() ? logsUrl : "none")
                + (dsn != null ? " (via monitoring DSN " + dsn + ")" : "");
    }

    /** Whether export is on and where each signal goes (URLs only, no credentials). */
    public String describe() {
        if (!enabled) {
            return "monitoring export disabled (" + ENABLE_OBSERVABILITY + " is not true)";
        }
        if (!exportsTraces() && !exportsMetrics() && !exportsLogs()) {
            return "monitoring export enabled, no OTLP endpoint configured: traces and metrics stay local "
                    + "(/metrics), logs on stdout";
        }
        return "monitoring export enabled for service " + serviceName + (dsn != null ? " via monitoring DSN " + dsn : "")
                + ": traces -> " + orNone(tracesUrl) + ", metrics -> " + orNone(metricsUrl)
                + (exportsMetrics() ? " every " + metricsInterval.toSeconds() + "s" : "")
                + ", logs -> " + (exportsLogs() ? logsUrl + " and stdout" : "stdout");
    }

    private static String orNone(String url) {
        return url == null ? "none" : url;
    }

    private static String signalUrl(PropertyResolver config, String variable, String general, String path) {
        String specific = first(config, variable);
        if (specific != null) {
            URI uri = httpUrl(specific, variable);
            String own = uri.getRawPath();
            return own == null || own.isEmpty() || own.equals("/") ? stripSlash(specific) + path : specific;
        }
        if (general != null) {
            httpUrl(general, OTLP_ENDPOINT);
            return stripSlash(general) + path;
        }
        return null;
    }

    /**
     * Logs follow {@code OTEL_EXPORTER_OTLP_ENDPOINT} only when asked ({@code OTEL_LOGS_EXPORTER=otlp}): Blnk
     * writes logs to stdout, and users point this endpoint at Jaeger, which does not take logs.
     */
    private static boolean logsToGeneral(PropertyResolver config) {
        String exporter = first(config, "OTEL_LOGS_EXPORTER");
        return exporter != null && exporter.toLowerCase(Locale.ROOT).contains("otlp");
    }

    private static URI httpUrl(String value, String variable) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be an http(s) URL such as http://collector:4318");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code OTEL_EXPORTER_OTLP_HEADERS}: {@code key1=value1,key2=value2}, values URL-encoded. */
    static Map<String, String> headers(String spec) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (spec == null) {
            return headers;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(OTLP_HEADERS + " must be a list of key=value pairs");
            }
            headers.put(pair.substring(0, eq).trim(),
                    URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static Duration metricsInterval(PropertyResolver config) {
        String value = first(config, METRICS_INTERVAL);
        if (value == null) {
            return DEFAULT_METRICS_INTERVAL;
        }
        Duration interval;
        try {
            interval = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value))
                    : DurationStyle.detectAndParse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(METRICS_INTERVAL + " must be a duration such as 60s or 500ms, was '"
                    + value + "'");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(METRICS_INTERVAL + " must be positive, was '" + value + "'");
        }
        return interval;
    }

    private static String first(PropertyResolver config, String... names) {
        for (String name : names) {
            String value = config.getProperty(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("t") || v.equals("yes");
    }
}
