package dev.ledgerline.observability.tracing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.PropertyResolver;

/**
 * Removes secrets from text before it leaves the process over OTLP (log bodies and attributes, span
 * attributes): the configured secrets by value (write key, server secret, metrics token, database
 * password, …) and anything shaped like one — bearer/basic credentials, credentials in URLs, values of
 * query parameters, and {@code key=value} / {@code "key":"value"} pairs whose key names a secret.
 */
public final class ExportRedaction {

    public static final String MASK = "[REDACTED]";

    /** Configuration whose values are secrets wherever they appear. */
    static final List<String> SECRET_PROPERTIES = List.of("BLNK_SERVER_SECRET_KEY", "BLNK_METRICS_BEARER_TOKEN",
            "BLNK_TOKENIZATION_SECRET", "BLNK_MONITORING_DSN", "BLNK_CLOUD_DSN", "blnk.monitoring-dsn", "blnk.server.secret-key",
            "blnk.server.metrics-bearer-token", "monitoring_dsn", "cloud_dsn",
            "PROJECTION_DB_PASSWORD", "spring.r2dbc.password", "spring.datasource.password", "OTEL_EXPORTER_OTLP_HEADERS");

    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&\\s#\"']+=)[^&\\s#\"']+");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b((?:x-blnk-key|authorization|api[_-]?key|access[_-]?key|write[_-]?key|secret[_-]?key|secret"
                    + "|password|passwd|pwd|token|bearer[_-]?token|dsn|cloud[_-]?dsn|monitoring[_-]?dsn)"
                    + "\"?\\s*[:=]\\s*\"?)([^\\s\",;&]+)");

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
        result = replace(AUTH_SCHEME, result, m -> m.group(1) + m.group(2) + MASK);
        result = replace(URL_CREDENTIALS, result, m -> m.group(1) + MASK + "@");
        result = replace(QUERY_VALUE, result, m -> m.group(1) + MASK);
        result = replace(SECRET_PAIR, result, m -> m.group(2).equals(MASK) || m.group(2).startsWith("[REDACTED")
                ? m.group() : m.group(1) + MASK);
        return result;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(Objects.requireNonNull(with.apply(matcher))));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
