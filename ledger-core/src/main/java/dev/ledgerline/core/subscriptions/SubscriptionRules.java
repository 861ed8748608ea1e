package dev.ledgerline.core.subscriptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ledgerline.core.hooks.HookRules;

/**
 * Validation of a webhook subscription as a client sends it ({@code POST /webhooks/subscriptions} and, the same,
 * {@code PUT /webhooks/subscriptions/{id}}, a full replace):
 * <ul>
 *   <li>{@code url}: required, an absolute {@code http} or {@code https} URL with a host, at most
 *       {@value HookRules#MAX_URL_LENGTH} characters (as {@code BLNK_WEBHOOK_URL} and hook URLs);</li>
 *   <li>{@code events}: required, 1 to {@value #MAX_EVENTS} of Blnk's event names ({@link WebhookEventName}) or
 *       {@code "*"} (all; it absorbs any other name); repeats are dropped;</li>
 *   <li>{@code headers}: optional, at most {@value #MAX_HEADERS}; a name is an HTTP token other than the headers
 *       the HTTP client owns, a value at most {@value #MAX_HEADER_VALUE_LENGTH} characters without control
 *       characters (as {@code BLNK_WEBHOOK_HEADERS});</li>
 *   <li>{@code description}: optional text of at most {@value #MAX_DESCRIPTION_LENGTH} printable characters.</li>
 * </ul>
 * Problems never quote a URL or a header value, which may be credentials. Pure: no I/O.
 */
public final class SubscriptionRules {

    public static final int MAX_EVENTS = 32;
    public static final int MAX_HEADERS = 20;
    public static final int MAX_HEADER_NAME_LENGTH = 256;
    public static final int MAX_HEADER_VALUE_LENGTH = 4096;
    public static final int MAX_DESCRIPTION_LENGTH = 255;
    private static final Set<String> CLIENT_OWNED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private SubscriptionRules() {
    }

    /** The subscription as the client sent it; null for an omitted field. */
    public record Request(String url, List<String> events, Map<String, String> headers, String description) {
    }

    /** The definition, or the first problem found ({@code field} and a message for the client). */
    public record Outcome(SubscriptionDefinition definition, String field, String problem) {

        public boolean isValid() {
            return definition != null;
        }

        static Outcome invalid(String field, String problem) {
            return new Outcome(null, field, problem);
        }
    }

    public static Outcome validate(Request request) {
        String urlProblem = HookRules.urlProblem(request.url());
        if (urlProblem != null) {
            return Outcome.invalid("url", urlProblem);
        }
        String eventsProblem = eventsProblem(request.events());
        if (eventsProblem != null) {
            return Outcome.invalid("events", eventsProblem);
        }
        Map<String, String> headers = request.headers() == null ? Map.of() : request.headers();
        String headersProblem = headersProblem(headers);
        if (headersProblem != null) {
            return Outcome.invalid("headers", headersProblem);
        }
        String description = request.description() == null ? "" : request.description();
        if (description.length() > MAX_DESCRIPTION_LENGTH || description.chars().anyMatch(Character::isISOControl)) {
            return Outcome.invalid("description", "description must be at most " + MAX_DESCRIPTION_LENGTH
                    + " printable characters");
        }
        return new Outcome(new SubscriptionDefinition(request.url(), normalised(request.events()),
                new LinkedHashMap<>(headers), description), null, null);
    }

    private static String eventsProblem(List<String> events) {
        if (events == null || events.isEmpty()) {
            return "events is required: a list of event names, or [\"*\"] for all";
        }
        if (events.size() > MAX_EVENTS) {
            return "events may name at most " + MAX_EVENTS + " events";
        }
        for (String event : events) {
            if (event == null || (!event.equals(WebhookEventName.ALL) && WebhookEventName.parse(event).isEmpty())) {
                return "unknown event name: must be one of " + known() + " or \"*\"";
            }
        }
        return null;
    }

    private static List<String> normalised(List<String> events) {
        if (events.contains(WebhookEventName.ALL)) {
            return List.of(WebhookEventName.ALL);
        }
        return new ArrayList<>(new java.util.LinkedHashSet<>(events));
    }

    private static String known() {
        List<String> names = new ArrayList<>();
        for (WebhookEventName name : WebhookEventName.values()) {
            names.add(name.wire());
        }
        return String.join(", ", names);
    }

    private static String headersProblem(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            return "at most " + MAX_HEADERS + " headers";
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!isToken(name) || name.length() > MAX_HEADER_NAME_LENGTH) {
                return "a header name must be an HTTP token of at most " + MAX_HEADER_NAME_LENGTH + " characters";
            }
            if (CLIENT_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
                return "header " + name + " is set by the HTTP client and cannot be configured";
            }
            String value = header.getValue();
            if (value == null || value.length() > MAX_HEADER_VALUE_LENGTH
                    || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
                return "the value of header " + name + " must be text of at most " + MAX_HEADER_VALUE_LENGTH
                        + " characters without line breaks or control characters";
            }
        }
        return null;
    }

    private static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (char c : name.toCharArray()) {
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
