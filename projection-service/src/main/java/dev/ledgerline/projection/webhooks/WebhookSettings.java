package dev.ledgerline.projection.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ledgerline.observability.BlnkConfig;
import dev.ledgerline.observability.Redactor;
import dev.ledgerline.observability.WebhookHeaders;
import dev.ledgerline.observability.WebhookUrl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Webhook configuration: Blnk's keys ({@code BLNK_WEBHOOK_URL}, {@code BLNK_WEBHOOK_HEADERS},
 * {@code BLNK_SERVER_SECRET_KEY}, read by {@link BlnkConfig} into {@code blnk.*}) and Ledgerline's delivery settings
 * ({@code ledgerline.webhooks.*}, docs in the README). Validated again here because a command line may set the
 * {@code blnk.*} properties directly; header values and the secret are registered with the {@link Redactor}.
 */
@Component
public class WebhookSettings {

    /** The webhook delivery's own consumer group, independent of the projection's. */
    public static final String GROUP_ID = "ledgerline-webhooks";

    private final String url;
    private final Map<String, String> headers;
    private final String secretKey;
    private final String groupId;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final int concurrency;
    private final String startFrom;

    public WebhookSettings(Environment environment,
                           @Value("${" + BlnkConfig.WEBHOOK_URL + ":}") String url,
                           @Value("${" + BlnkConfig.SERVER_SECRET_KEY + ":}") String secretKey,
                           @Value("${ledgerline.webhooks.group-id:" + GROUP_ID + "}") String groupId,
                           @Value("${ledgerline.webhooks.timeout:10s}") String timeout,
                           @Value("${ledgerline.webhooks.max-attempts:10}") int maxAttempts,
                           @Value("${ledgerline.webhooks.backoff-initial:1s}") String backoffInitial,
                           @Value("${ledgerline.webhooks.backoff-max:5m}") String backoffMax,
                           @Value("${ledgerline.webhooks.retry-window:24h}") String retryWindow,
                           @Value("${ledgerline.webhooks.concurrency:4}") int concurrency,
                           @Value("${ledgerline.webhooks.start-from:earliest}") String startFrom) {
        this.url = WebhookUrl.check(BlnkConfig.WEBHOOK_URL, url.trim());
        Map<String, String> bound = Binder.get(environment)
                .bind(BlnkConfig.WEBHOOK_HEADERS, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        this.headers = new LinkedHashMap<>();
        bound.forEach((name, value) -> {
            WebhookHeaders.check(BlnkConfig.WEBHOOK_HEADERS, name, value);
            headers.put(name, value);
            Redactor.registerSecret(value);
        });
        this.secretKey = secretKey;
        Redactor.registerSecret(secretKey);
        this.groupId = groupId;
        this.timeout = DurationStyle.detectAndParse(timeout);
        this.retryPolicy = new RetryPolicy(maxAttempts, DurationStyle.detectAndParse(backoffInitial),
                DurationStyle.detectAndParse(backoffMax), DurationStyle.detectAndParse(retryWindow));
        if (concurrency < 1) {
            throw new IllegalArgumentException("ledgerline.webhooks.concurrency must be at least 1");
        }
        this.concurrency = concurrency;
        if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
            throw new IllegalArgumentException("ledgerline.webhooks.start-from must be earliest or latest, not '"
                    + startFrom + "'");
        }
        this.startFrom = startFrom;
    }

    /**
     * Where a new webhook group starts (only when it has no committed offsets yet): {@code earliest} announces the
     * whole log (a new ledger: nothing is missed), {@code latest} only what happens from then on (turning webhooks on
     * for a ledger with history that the receiver does not want).
     */
    public String startFrom() {
        return startFrom;
    }

    /** Webhooks are on when a URL is configured, as in Blnk. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    public URI url() {
        return URI.create(url);
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /** Null when no secret key is set: deliveries are then unsigned, as in Blnk. */
    public WebhookSignature signature() {
        return secretKey.isEmpty() ? null : new WebhookSignature(secretKey);
    }

    public String groupId() {
        return groupId;
    }

    public Duration timeout() {
        return timeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Partitions delivered at the same time (each partition's events stay in order). */
    public int concurrency() {
        return concurrency;
    }

    /** For the start-up line: the host only, whether signed, the header names, the policy. */
    public String describe() {
        return "webhooks: " + (enabled() ? WebhookUrl.describe(url) + (secretKey.isEmpty() ? ", unsigned" : ", signed")
                + ", headers " + headers.keySet() + ", group " + groupId + " (new group starts at " + startFrom + "), "
                + retryPolicy + ", timeout " + timeout + ", concurrency " + concurrency : "off (no BLNK_WEBHOOK_URL)");
    }
}
