package dev.ledgerline.observability.tracing;

import dev.ledgerline.observability.Redactor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.core.env.PropertyResolver;

/**
 * Removes secrets from text before it leaves the process over OTLP (log bodies and attributes, span
 * attributes): the configured secrets by value (write key, server secret, metrics token, database
 * password, …), then everything {@link Redactor} removes from stdout lines (bearer/basic credentials,
 * credentials in URLs, query values, secret-named pairs).
 */
public final class ExportRedaction {

    public static final String MASK = Redactor.MASK;

    /** Configuration whose values are secrets wherever they appear. */
    static final List<String> SECRET_PROPERTIES = List.of("BLNK_SERVER_SECRET_KEY", "BLNK_METRICS_BEARER_TOKEN",
            "BLNK_TOKENIZATION_SECRET", "BLNK_MONITORING_DSN", "BLNK_CLOUD_DSN", "blnk.monitoring-dsn", "blnk.server.secret-key",
            "blnk.server.metrics-bearer-token", "monitoring_dsn", "cloud_dsn",
            "PROJECTION_DB_PASSWORD", "spring.r2dbc.password", "spring.datasource.password", "OTEL_EXPORTER_OTLP_HEADERS");

    private final List<String> secrets;

    ExportRedaction(List<String> secrets) {
        List<String> usable = new ArrayList<>();
        for (String secret : secrets) {
            // very short values would mask ordinary words; they are not secrets worth the damage
            if (secret != null && secret.length() >= 4 && !usable.contains(secret)) {
                usable.add(secret);
            }
        }
        usable.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(usable);
    }

    /** Redaction of the secrets configured in {@code config}, including a monitoring DSN's write key. */
    public static ExportRedaction from(PropertyResolver config) {
        List<String> secrets = new ArrayList<>();
        for (String property : SECRET_PROPERTIES) {
            String value = config.getProperty(property);
            if (value != null && !value.isBlank()) {
                secrets.add(value.trim());
                try {
                    secrets.add(MonitoringDsn.parse(value, property).writeKey());
                } catch (IllegalArgumentException notADsn) {
                    // an ordinary secret
                }
            }
        }
        return new ExportRedaction(secrets);
    }

    /** {@code text} without secrets; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        // The shapes secrets take (bearer credentials, URL credentials, query values, secret-named pairs): the same
        // rules as every log line on stdout.
        result = Redactor.redact(result);
        return result;
    }

}
