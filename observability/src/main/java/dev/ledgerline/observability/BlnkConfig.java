package dev.ledgerline.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blnk's configuration as a Blnk user writes it: {@code BLNK_*} environment variables and a
 * {@code blnk.json} file (reference blnk-core.md §4.5). The file is {@code BLNK_CONFIG_FILE} when set,
 * otherwise {@code blnk.json} in the working directory when present. A variable wins over the file, the
 * file over the default. Values are validated here, so a typo stops the service at start-up with a
 * message naming the key instead of silently meaning "off".
 *
 * <p>Spring sees these values as {@code blnk.*} properties ({@link #toProperties()}), never under its
 * own {@code server.*}: the three services share one JVM in the integration tests and each sets its
 * own port from them ({@code server.port: ${blnk.server.port}} in api-gateway.yml,
 * {@code ${blnk.queue.monitoring-port}} in ledger-processor.yml).
 *
 * @param enableObservability {@code enable_observability} / {@code BLNK_ENABLE_OBSERVABILITY}: registers {@code /metrics}
 * @param monitoringDsn       {@code monitoring_dsn} (also {@code cloud_dsn}) / {@code BLNK_MONITORING_DSN}
 *                            (legacy {@code BLNK_CLOUD_DSN}); empty when unset
 * @param secure              {@code server.secure} / {@code BLNK_SERVER_SECURE}
 * @param secretKey           {@code server.secret_key} / {@code BLNK_SERVER_SECRET_KEY}: the master API key; empty when unset
 * @param metricsBearerToken  {@code server.metrics_bearer_token} / {@code BLNK_METRICS_BEARER_TOKEN}; empty when unset
 * @param serverPort          {@code server.port} / {@code BLNK_SERVER_PORT}: the gateway's port
 * @param monitoringPort      {@code queue.monitoring_port} / {@code BLNK_QUEUE_MONITORING_PORT}: the worker's port
 * @param webhookUrl          {@code notification.webhook.url} / {@code BLNK_WEBHOOK_URL}: the global webhook;
 *                            empty when unset (no webhooks), otherwise an http(s) URL ({@link WebhookUrl})
 * @param webhookHeaders      {@code notification.webhook.headers} / {@code BLNK_WEBHOOK_HEADERS}: extra headers of
 *                            every delivery, in order ({@link WebhookHeaders}); values are credentials to logs
 * @param tokenizationSecret  {@code tokenization_secret} / {@code BLNK_TOKENIZATION_SECRET}: the key of personal data
 *                            (identities); used only when exactly 32 bytes, as in Blnk; empty when unset
 * @param source              where the file values came from ("environment only" or the file's path), for the start-up line
 */
public record BlnkConfig(
        boolean enableObservability,
        String monitoringDsn,
        boolean secure,
        String secretKey,
        String metricsBearerToken,
        int serverPort,
        int monitoringPort,
        String webhookUrl,
        Map<String, String> webhookHeaders,
        String tokenizationSecret,
        String source) {

    public BlnkConfig {
        webhookHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(webhookHeaders));
    }

    public static final String CONFIG_FILE_VARIABLE = "BLNK_CONFIG_FILE";
    public static final String DEFAULT_FILE_NAME = "blnk.json";
    public static final int DEFAULT_SERVER_PORT = 5001;
    public static final int DEFAULT_MONITORING_PORT = 5004;

    /** Spring property names (prefix {@code blnk.}); {@link BlnkProperties} binds the same names. */
    public static final String ENABLE_OBSERVABILITY = "blnk.enable-observability";
    public static final String MONITORING_DSN = "blnk.monitoring-dsn";
    public static final String SERVER_SECURE = "blnk.server.secure";
    public static final String SERVER_SECRET_KEY = "blnk.server.secret-key";
    public static final String METRICS_BEARER_TOKEN = "blnk.server.metrics-bearer-token";
    public static final String SERVER_PORT = "blnk.server.port";
    public static final String MONITORING_PORT = "blnk.queue.monitoring-port";
    public static final String WEBHOOK_URL = "blnk.notification.webhook.url";
    /** A map: each header is the property {@code blnk.notification.webhook.headers[<name>]} (case kept). */
    public static final String WEBHOOK_HEADERS = "blnk.notification.webhook.headers";
    public static final String TOKENIZATION_SECRET = "blnk.tokenization-secret";

    /** A configuration value that cannot be used; the message names the key and the offending value's shape. */
    public static final class InvalidBlnkConfigException extends IllegalStateException {
        InvalidBlnkConfigException(String message) {
            super(message);
        }

        InvalidBlnkConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Loads from the given environment and working directory (parameters, so tests need not touch the
     * real process environment).
     */
    public static BlnkConfig load(Map<String, String> environment, Path workingDirectory) {
        Optional<Path> file = configFile(environment, workingDirectory);
        JsonNode json = file.map(BlnkConfig::readJson).orElse(null);
        Values values = new Values(environment, json);
        return new BlnkConfig(
                values.bool("BLNK_ENABLE_OBSERVABILITY", "enable_observability", false),
                values.text(new String[] {"BLNK_MONITORING_DSN", "BLNK_CLOUD_DSN"}, "monitoring_dsn", "cloud_dsn"),
                values.bool("BLNK_SERVER_SECURE", "server.secure", false),
                values.text(new String[] {"BLNK_SERVER_SECRET_KEY"}, "server.secret_key"),
                values.text(new String[] {"BLNK_METRICS_BEARER_TOKEN"}, "server.metrics_bearer_token"),
                values.port("BLNK_SERVER_PORT", "server.port", DEFAULT_SERVER_PORT),
                values.port("BLNK_QUEUE_MONITORING_PORT", "queue.monitoring_port", DEFAULT_MONITORING_PORT),
                WebhookUrl.check("BLNK_WEBHOOK_URL / notification.webhook.url",
                        values.text(new String[] {"BLNK_WEBHOOK_URL"}, "notification.webhook.url")),
                values.headers("BLNK_WEBHOOK_HEADERS", "notification.webhook.headers"),
                values.text(new String[] {"BLNK_TOKENIZATION_SECRET"}, "tokenization_secret"),
                file.map(Path::toString).orElse("environment only"));
    }

    /** The values as Spring properties under {@code blnk.}. */
    public Map<String, Object> toProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ENABLE_OBSERVABILITY, enableObservability);
        properties.put(MONITORING_DSN, monitoringDsn);
        properties.put(SERVER_SECURE, secure);
        properties.put(SERVER_SECRET_KEY, secretKey);
        properties.put(METRICS_BEARER_TOKEN, metricsBearerToken);
        properties.put(SERVER_PORT, serverPort);
        properties.put(MONITORING_PORT, monitoringPort);
        properties.put(WEBHOOK_URL, webhookUrl);
        webhookHeaders.forEach((name, value) -> properties.put(WEBHOOK_HEADERS + "[" + name + "]", value));
        properties.put(TOKENIZATION_SECRET, tokenizationSecret);
        return properties;
    }

    /** Never prints the secrets themselves. */
    @Override
    public String toString() {
        return "BlnkConfig[enable_observability=" + enableObservability + ", monitoring_dsn="
                + Redactor.redact(monitoringDsn) + ", secure=" + secure + ", secret_key=" + (secretKey.isEmpty() ? "unset" : "set")
                + ", metrics_bearer_token=" + (metricsBearerToken.isEmpty() ? "unset" : "set") + ", server.port="
                + serverPort + ", queue.monitoring_port=" + monitoringPort + ", webhook="
                + WebhookUrl.describe(webhookUrl) + ", webhook_headers=" + webhookHeaders.keySet()
                + ", tokenization_secret=" + (tokenizationSecret.isEmpty() ? "unset" : "set")
                + ", source=" + source + "]";
    }

    private static Optional<Path> configFile(Map<String, String> environment, Path workingDirectory) {
        String named = environment.get(CONFIG_FILE_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path path = workingDirectory.resolve(named.trim());
            if (!Files.isRegularFile(path)) {
                throw new InvalidBlnkConfigException(CONFIG_FILE_VARIABLE + " names " + path + ", which is not a readable file");
            }
            return Optional.of(path);
        }
        Path inWorkingDirectory = workingDirectory.resolve(DEFAULT_FILE_NAME);
        return Files.isRegularFile(inWorkingDirectory) ? Optional.of(inWorkingDirectory) : Optional.empty();
    }

    private static JsonNode readJson(Path path) {
        try {
            JsonNode root = JsonMapper.builder().build().readTree(Files.readString(path));
            if (root == null || !root.isObject()) {
                throw new InvalidBlnkConfigException(path + " must hold a JSON object");
            }
            return root;
        } catch (IOException | JacksonException e) {
            throw new InvalidBlnkConfigException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Looks a key up in the environment first, then in the file (dotted path into nested objects). */
    private record Values(Map<String, String> environment, JsonNode json) {

        String text(String[] variables, String... jsonPaths) {
            for (String variable : variables) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    return value.trim();
                }
            }
            for (String jsonPath : jsonPaths) {
                JsonNode node = node(jsonPath);
                if (node != null && !node.isNull()) {
                    if (!node.isValueNode()) {
                        throw new InvalidBlnkConfigException(jsonPath + " in blnk.json must be a string");
                    }
                    String value = node.asString().trim();
                    if (!value.isEmpty()) {
                        return value;
                    }
                }
            }
            return "";
        }

        boolean bool(String variable, String jsonPath, boolean defaultValue) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return parseBool(variable, value.trim());
            }
            JsonNode node = node(jsonPath);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isString()) {
                return parseBool(jsonPath + " in blnk.json", node.asString().trim());
            }
            throw new InvalidBlnkConfigException(jsonPath + " in blnk.json must be true or false");
        }

        /** A variable ({@link WebhookHeaders#parseVariable}) over a JSON object in the file. */
        Map<String, String> headers(String variable, String jsonPath) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return WebhookHeaders.parseVariable(variable, value);
            }
            return WebhookHeaders.fromJson(jsonPath + " in blnk.json", node(jsonPath));
        }

        int port(String variable, String jsonPath, int defaultValue) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return parsePort(variable, value.trim());
            }
            JsonNode node = node(jsonPath);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            // Blnk's own blnk.json writes ports as strings ("port": "5001"); a number is accepted too.
            if (node.isIntegralNumber() || node.isString()) {
                String text = node.asString().trim();
                return text.isEmpty() ? defaultValue : parsePort(jsonPath + " in blnk.json", text);
            }
            throw new InvalidBlnkConfigException(jsonPath + " in blnk.json must be a port number");
        }

        private JsonNode node(String dottedPath) {
            if (json == null) {
                return null;
            }
            JsonNode node = json;
            for (String part : dottedPath.split("\\.")) {
                node = node.get(part);
                if (node == null) {
                    return null;
                }
            }
            return node;
        }
    }

    /** The spellings Go's strconv.ParseBool accepts, which is what Blnk uses for its variables. */
    static boolean parseBool(String key, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> {
                return true;
            }
            case "0", "f", "false" -> {
                return false;
            }
            default -> throw new InvalidBlnkConfigException(key + " must be true or false, not '" + value + "'");
        }
    }

    private static int parsePort(String key, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new InvalidBlnkConfigException(key + " must be a port number (0-65535), not '" + value + "'");
    }
}
