package dev.ledgerline.observability;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ledgerline.observability.BlnkConfig.InvalidBlnkConfigException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blnk's extra webhook headers ({@code BLNK_WEBHOOK_HEADERS}, {@code notification.webhook.headers}), read the
 * two ways Blnk users write them:
 * <ul>
 *   <li>the variable in envconfig's map syntax, {@code K:V,K2:V2}, which is what Blnk's code parses (every pair
 *       must split on the first {@code :} into a name and a value; Blnk refuses to start otherwise);</li>
 *   <li>the variable as a JSON object, which is what Blnk's documentation shows (Blnk itself would then send
 *       headers named like <code>{"Authorization"</code> and fail every delivery; Ledgerline reads it as
 *       meant);</li>
 *   <li>the {@code blnk.json} key as a JSON object of strings.</li>
 * </ul>
 * A name must be an HTTP token, and the headers the HTTP client owns ({@code Host}, {@code Content-Length},
 * {@code Connection}, {@code Expect}, {@code Upgrade}) cannot be set; values may not hold line breaks. Errors
 * name the key but never quote a value, which may be a credential.
 */
public final class WebhookHeaders {

    private static final Set<String> CLIENT_OWNED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private WebhookHeaders() {
    }

    /** The variable's value: a JSON object when it starts with <code>{</code>, otherwise {@code K:V,K2:V2}. */
    public static Map<String, String> parseVariable(String key, String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return Map.of();
        }
        if (trimmed.startsWith("{")) {
            try {
                return fromJson(key, JsonMapper.builder().build().readTree(trimmed));
            } catch (JacksonException e) {
                throw new InvalidBlnkConfigException(key + " starts with '{' but is not a JSON object");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : trimmed.split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new InvalidBlnkConfigException(key + " must be NAME:VALUE pairs separated by ',' (or a JSON "
                        + "object); a pair has no ':'");
            }
            put(key, headers, pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return headers;
    }

    /** A JSON object of string (or number/boolean) values; {@code null} or absent means none. */
    public static Map<String, String> fromJson(String key, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidBlnkConfigException(key + " must be a JSON object of header names to values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new InvalidBlnkConfigException(key + ": the value of header '" + field.getKey()
                        + "' must be a string");
            }
            put(key, headers, field.getKey().trim(), field.getValue().asString());
        }
        return headers;
    }

    /** Checks one header as the HTTP client will need it; throws naming the key and the header, never the value. */
    public static void check(String key, String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(WebhookHeaders::isTokenChar)) {
            throw new InvalidBlnkConfigException(key + ": '" + name + "' is not a valid HTTP header name");
        }
        if (CLIENT_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidBlnkConfigException(key + ": header '" + name + "' is set by the HTTP client and "
                    + "cannot be configured");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new InvalidBlnkConfigException(key + ": the value of header '" + name
                    + "' holds a line break or NUL");
        }
    }

    private static void put(String key, Map<String, String> headers, String name, String value) {
        check(key, name, value);
        headers.put(name, value);
    }

    /** RFC 9110 token characters. */
    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
