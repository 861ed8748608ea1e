package dev.ledgerline.projection.hooks;

import java.time.Duration;

import dev.ledgerline.observability.BlnkConfig;
import dev.ledgerline.observability.Redactor;
import dev.ledgerline.projection.webhooks.WebhookSignature;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Transaction hook delivery settings: the signing key is Blnk's {@code BLNK_SERVER_SECRET_KEY} (as for webhooks;
 * unsigned when empty), the rest Ledgerline's {@code ledgerline.hooks.*} (README, "Hooks"). Each hook sets its own
 * timeout and retry count.
 */
@Component
public class HookSettings {

    /** Every hook's consumer group starts with this, then the hook id and when it became active. */
    public static final String GROUP_PREFIX = "ledgerline-hook-";

    private final String secretKey;
    private final boolean enabled;
    private final Duration backoffInitial;
    private final Duration backoffMax;

    public HookSettings(@Value("${" + BlnkConfig.SERVER_SECRET_KEY + ":}") String secretKey,
                        @Value("${ledgerline.hooks.enabled:true}") boolean enabled,
                        @Value("${ledgerline.hooks.backoff-initial:1s}") String backoffInitial,
                        @Value("${ledgerline.hooks.backoff-max:1m}") String backoffMax) {
        this.secretKey = secretKey;
        Redactor.registerSecret(secretKey);
        this.enabled = enabled;
        this.backoffInitial = DurationStyle.detectAndParse(backoffInitial);
        this.backoffMax = DurationStyle.detectAndParse(backoffMax);
        if (this.backoffInitial.isNegative() || this.backoffInitial.isZero()
                || this.backoffMax.compareTo(this.backoffInitial) < 0) {
            throw new IllegalArgumentException("ledgerline.hooks backoff must be positive and the maximum at least the "
                    + "initial one");
        }
    }

    /** Whether this projection-service calls hooks at all (a second, read-only instance may turn it off). */
    public boolean enabled() {
        return enabled;
    }

    /** Null when no secret key is set: calls are then unsigned. */
    WebhookSignature signature() {
        return secretKey.isEmpty() ? null : new WebhookSignature(secretKey);
    }

    Duration backoffInitial() {
        return backoffInitial;
    }

    Duration backoffMax() {
        return backoffMax;
    }

    /** The consumer group of a hook active since {@code activeSinceMs}: a reactivated hook starts afresh. */
    static String groupId(String hookId, long activeSinceMs) {
        return GROUP_PREFIX + hookId + "-" + activeSinceMs;
    }
}
