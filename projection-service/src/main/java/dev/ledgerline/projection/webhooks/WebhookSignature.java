package dev.ledgerline.projection.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blnk's webhook signature: {@code X-Blnk-Signature = hex(HMAC-SHA256(key = UTF-8(secret), message =
 * X-Blnk-Timestamp + "." + body))}, lower-case hex without a {@code sha256=} prefix, and {@code X-Blnk-Timestamp}
 * the Unix time in seconds of the attempt. Blnk signs only when its secret key is set; so does Ledgerline.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Blnk-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Blnk-Signature";

    private final SecretKeySpec key;

    /** @param secret {@code BLNK_SERVER_SECRET_KEY}; must not be empty (empty means: do not sign) */
    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an empty secret signs nothing: leave deliveries unsigned instead");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The signature of {@code body} sent at {@code timestampSeconds}. */
    public String sign(long timestampSeconds, byte[] body) {
        Mac mac = mac();
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Override
    public String toString() {
        return "WebhookSignature[HmacSHA256, key redacted]";
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
