package dev.ledgerline.observability;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it leaves the process (log lines on stdout, exported log
 * records and span attributes): bearer tokens, {@code X-Blnk-Key} values, credentials in URLs
 * ({@code https://<write-key>@host}), values of secret-looking keys ({@code password=}, {@code secret},
 * {@code token}, {@code api_key}, ...), every query-string value of a URL or path, and any value
 * registered with {@link #registerSecret} (the configured bearer token, master key and DSN key)
 * wherever it appears. What is removed is replaced by {@value #MASK}.
 *
 * <p>Patterns catch secrets in the shapes they usually take; the registered values catch the known
 * ones in any shape. Both run on every call, so neither has to be perfect alone.
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    /** Values shorter than this are not registered: replacing "1" or "on" everywhere would garble logs. */
    private static final int MIN_SECRET_LENGTH = 6;

    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private static final String SECRET_KEY = "(?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey"
            + "|write[_-]?key|access[_-]?key|private[_-]?key|credential|dsn)[A-Za-z0-9_.-]*|x-blnk-key|authorization)";

    private static final List<Rule> RULES = List.of(
            // Authorization: Bearer abc / Bearer abc — the scheme stays, the credential goes.
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]+"), "$1$2" + MASK),
            // scheme://user:password@host or scheme://write-key@host
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@\"'<>]+@"), "$1" + MASK + "@"),
            // "password": "x" (JSON) — key quoted, value quoted
            new Rule(Pattern.compile("(?i)(\"" + SECRET_KEY + "\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")"), "$1" + MASK + "$2"),
            // password=x, secret: x, X-Blnk-Key: x, token=x (unquoted forms in headers, properties, messages);
            // "Authorization: Bearer [REDACTED]" is already done by the first rule
            new Rule(Pattern.compile("(?i)(\\b" + SECRET_KEY + "\\s*[=:]\\s*)(?!\\[REDACTED])(?!\")(?!(?:bearer|basic)\\s)[^\\s,;&\"'}\\]]+"),
                    "$1" + MASK),
            // ?a=1&b=2 — every query value of a URL or request path
            new Rule(Pattern.compile("([?&][^=\\s&#\"'?]+=)(?!\\[REDACTED])[^&\\s#\"']+"), "$1" + MASK));

    private record Rule(Pattern pattern, String replacement) {
    }

    private Redactor() {
    }

    /**
     * Adds a value to redact wherever it appears (e.g. the configured metrics bearer token). Values
     * are kept for the life of the JVM; in tests several services may register theirs.
     */
    public static void registerSecret(String value) {
        if (value != null && value.length() >= MIN_SECRET_LENGTH) {
            SECRETS.add(value);
        }
    }

    /** The text with every credential replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : SECRETS) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(rule.replacement());
            }
        }
        return result;
    }
}
