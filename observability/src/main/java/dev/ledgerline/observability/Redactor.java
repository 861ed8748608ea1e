package dev.ledgerline.observability;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;
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
 *
 * <p>Every log line passes through here, so each pattern has a cheap guard: a substring test that the text
 * must pass for the pattern to have any chance of matching (the secret-key patterns cannot match a line that
 * names no secret-looking key). Profiling showed the patterns at about a tenth of the gateway's CPU under
 * load when run unguarded; the guards skip them for ordinary lines and never change a result
 * ({@code RedactorTest} checks guarded against unguarded on generated text).
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    /** Values shorter than this are not registered: replacing "1" or "on" everywhere would garble logs. */
    private static final int MIN_SECRET_LENGTH = 6;

    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private static final String SECRET_KEY = "(?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey"
            + "|write[_-]?key|access[_-]?key|private[_-]?key|credential|dsn)[A-Za-z0-9_.-]*|x-blnk-key|authorization)";

    /** Substrings (lower case) of which a secret-looking key contains at least one. */
    private static final List<String> SECRET_KEY_HINTS =
            List.of("passw", "pwd", "secret", "token", "key", "credential", "dsn", "authorization");

    private static final Predicate<String> NAMES_A_SECRET_KEY =
            lower -> SECRET_KEY_HINTS.stream().anyMatch(lower::contains);

    private static final List<Rule> RULES = List.of(
            // Authorization: Bearer abc / Bearer abc — the scheme stays, the credential goes.
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]+"), "$1$2" + MASK,
                    lower -> lower.contains("bearer") || lower.contains("basic")),
            // scheme://user:password@host or scheme://write-key@host
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@\"'<>]+@"), "$1" + MASK + "@",
                    lower -> lower.contains("://")),
            // "password": "x" (JSON) — key quoted, value quoted
            new Rule(Pattern.compile("(?i)(\"" + SECRET_KEY + "\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")"), "$1" + MASK + "$2",
                    NAMES_A_SECRET_KEY),
            // password=x, secret: x, X-Blnk-Key: x, token=x (unquoted forms in headers, properties, messages);
            // "Authorization: Bearer [REDACTED]" is already done by the first rule
            new Rule(Pattern.compile("(?i)(\\b" + SECRET_KEY + "\\s*[=:]\\s*)(?!\\[REDACTED])(?!\")(?!(?:bearer|basic)\\s)[^\\s,;&\"'}\\]]+"),
                    "$1" + MASK, NAMES_A_SECRET_KEY),
            // ?a=1&b=2 — every query value of a URL or request path
            new Rule(Pattern.compile("([?&][^=\\s&#\"'?]+=)(?!\\[REDACTED])[^&\\s#\"']+"), "$1" + MASK,
                    lower -> lower.indexOf('=') >= 0 && (lower.indexOf('?') >= 0 || lower.indexOf('&') >= 0)));

    /**
     * A pattern, its replacement, and a guard on the lower-cased text that is false only when the pattern
     * cannot match.
     */
    private record Rule(Pattern pattern, String replacement, Predicate<String> mayMatch) {
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
        return redact(text, true);
    }

    /** As {@link #redact(String)}, with the guards on or off (off only to test that they change nothing). */
    static String redact(String text, boolean guarded) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : SECRETS) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        // Masks only ever add "[redacted]": the guards see the same hints in the result as in the text.
        String lower = guarded ? result.toLowerCase(Locale.ROOT) : null;
        for (Rule rule : RULES) {
            if (guarded && !rule.mayMatch().test(lower)) {
                continue;
            }
            Matcher matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(rule.replacement());
            }
        }
        return result;
    }
}
