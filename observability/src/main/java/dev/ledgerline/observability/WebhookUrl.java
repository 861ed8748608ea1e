package dev.ledgerline.observability;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.ledgerline.observability.BlnkConfig.InvalidBlnkConfigException;

/**
 * Blnk's global webhook URL ({@code BLNK_WEBHOOK_URL}, {@code notification.webhook.url}): empty means no
 * webhooks, as in Blnk; otherwise an absolute {@code http} or {@code https} URL with a host, so that a typo
 * ({@code localhost:8080/hook}, {@code file:///…}) stops the start instead of failing every delivery.
 */
public final class WebhookUrl {

    private WebhookUrl() {
    }

    /** The URL unchanged when usable (or empty); throws naming the key otherwise. */
    public static String check(String key, String url) {
        if (url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidBlnkConfigException(key + " must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new InvalidBlnkConfigException(key + " must name a host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidBlnkConfigException(key + " is not a valid URL");
        }
    }

    /**
     * Where deliveries go, for log lines: scheme, host and port only. A path or query may carry a token
     * (many receivers put one there), so they are never printed.
     */
    public static String describe(String url) {
        if (url.isEmpty()) {
            return "off";
        }
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
    }
}
