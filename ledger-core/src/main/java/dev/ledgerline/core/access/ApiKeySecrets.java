package dev.ledgerline.core.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API keys and their digests. A key is 32 random bytes, base64url with padding (Blnk's format, 44 characters).
 * Only a digest is ever stored: HMAC-SHA256 under a pepper (the deployment's {@code LEDGERLINE_API_KEY_PEPPER}, or
 * derived from the master key), so the stored digests are useless to whoever reads the topic without the pepper,
 * and a presented key is found with one hash and one map lookup (Blnk runs a bcrypt compare on every request;
 * a 256-bit random key needs no slow hash).
 */
public final class ApiKeySecrets {

    private static final String PEPPER_LABEL = "ledgerline-api-key-digest-v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pepperKey;

    /** @param pepper any text, empty included; it is hashed with a label into the HMAC key */
    public ApiKeySecrets(String pepper) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(PEPPER_LABEL.getBytes(StandardCharsets.UTF_8));
            this.pepperKey = sha.digest((pepper == null ? "" : pepper).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A new key: 32 bytes from a CSPRNG, base64url with padding. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    /** Lowercase hex HMAC-SHA256 of {@code key}. */
    public String digest(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepperKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
