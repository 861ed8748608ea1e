package dev.ledgerline.core.hooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Validation and defaults of a hook as a client sends it ({@code POST /hooks} and, the same, {@code PUT /hooks/{id}},
 * which is a full replace). Blnk's rules, with its holes closed (README, "Hooks"):
 * <ul>
 *   <li>{@code url}: required, an absolute {@code http} or {@code https} URL with a host, at most
 *       {@value #MAX_URL_LENGTH} characters (Blnk checks only that it is not empty, and answers 500);</li>
 *   <li>{@code type}: {@code PRE_TRANSACTION} or {@code POST_TRANSACTION} (Blnk: 500 for anything else);</li>
 *   <li>{@code timeout}: seconds; omitted or ≤ 0 → {@value #DEFAULT_TIMEOUT_SECONDS} as in Blnk, at most
 *       {@value #MAX_TIMEOUT_SECONDS} (Blnk has no upper bound);</li>
 *   <li>{@code retry_count}: omitted or 0 → no retries and &lt; 0 → 3, as in Blnk; more than
 *       {@value #MAX_RETRY_COUNT} → {@value #MAX_RETRY_COUNT} (Blnk caps on create only);</li>
 *   <li>{@code active}: omitted → {@code true} (Blnk: {@code false}, so a hook registered as its docs show never
 *       fires);</li>
 *   <li>{@code name}: optional text of at most {@value #MAX_NAME_LENGTH} printable characters.</li>
 * </ul>
 * Pure: no I/O.
 */
public final class HookRules {

    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int MAX_TIMEOUT_SECONDS = 300;
    public static final int NEGATIVE_RETRY_COUNT_DEFAULT = 3;
    public static final int MAX_RETRY_COUNT = 10;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_NAME_LENGTH = 255;

    private HookRules() {
    }

    /** The hook as the client sent it; null for an omitted field. */
    public record Request(String name, String url, String type, Boolean active, Long timeout, Long retryCount) {
    }

    /** The definition, or the first problem found ({@code field} and a message for the client). */
    public record Outcome(HookDefinition definition, String field, String problem) {

        public boolean isValid() {
            return definition != null;
        }

        static Outcome invalid(String field, String problem) {
            return new Outcome(null, field, problem);
        }
    }

    public static Outcome validate(Request request) {
        String name = request.name() == null ? "" : request.name();
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            return Outcome.invalid("name", "name must be at most " + MAX_NAME_LENGTH + " printable characters");
        }
        String urlProblem = urlProblem(request.url());
        if (urlProblem != null) {
            return Outcome.invalid("url", urlProblem);
        }
        if (request.type() == null || request.type().isEmpty()) {
            return Outcome.invalid("type", "type is required: PRE_TRANSACTION or POST_TRANSACTION");
        }
        HookType type = HookType.parse(request.type()).orElse(null);
        if (type == null) {
            return Outcome.invalid("type", "invalid hook type: must be PRE_TRANSACTION or POST_TRANSACTION");
        }
        boolean active = request.active() == null || request.active();
        return new Outcome(new HookDefinition(name, request.url(), type, active, timeout(request.timeout()),
                retryCount(request.retryCount())), null, null);
    }

    static int timeout(Long requested) {
        if (requested == null || requested <= 0) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        return (int) Math.min(requested, MAX_TIMEOUT_SECONDS);
    }

    static int retryCount(Long requested) {
        if (requested == null) {
            return 0;
        }
        if (requested < 0) {
            return NEGATIVE_RETRY_COUNT_DEFAULT;
        }
        return (int) Math.min(requested, MAX_RETRY_COUNT);
    }

    /** Null when {@code url} is a usable endpoint (hooks, webhook subscriptions); else what is wrong (never the URL). */
    public static String urlProblem(String url) {
        if (url == null || url.isEmpty()) {
            return "url is required";
        }
        if (url.length() > MAX_URL_LENGTH || url.chars().anyMatch(c -> Character.isISOControl(c) || c == ' ')) {
            return "url must be at most " + MAX_URL_LENGTH + " characters without spaces or control characters";
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            return "url is not a valid URL";
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "url must start with http:// or https://";
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return "url must name a host";
        }
        return null;
    }
}
