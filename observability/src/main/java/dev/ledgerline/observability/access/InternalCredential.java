package dev.ledgerline.observability.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential the gateway presents to the internal services (projection-service and ledger-processor) in
 * secure mode. Operators may use the master key instead ({@code X-Blnk-Key}); the gateway sends a token of its
 * own so that the master key itself need not travel on every internal request. The token is
 * {@code LEDGERLINE_INTERNAL_TOKEN} when set (multi-host deployments that do not give the internal hosts the master
 * key) or else derived from the master key, so that one secret is enough for a local stack.
 */
public final class InternalCredential {

    /** The header the gateway sends its internal token in. */
    public static final String TOKEN_HEADER = "X-Ledgerline-Internal-Token";
    /** Blnk's API-key header; the master key is accepted there. */
    public static final String BLNK_KEY_HEADER = "X-Blnk-Key";

    static final String DERIVATION_LABEL = "ledgerline-internal-v1";

    private final byte[] masterKey;
    private final byte[] token;

    private InternalCredential(String masterKey, String token) {
        this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param masterKey       {@code BLNK_SERVER_SECRET_KEY}; may be empty only when a configured token is given
     * @param configuredToken {@code LEDGERLINE_INTERNAL_TOKEN}; empty to derive it from the master key
     */
    public static InternalCredential of(String masterKey, String configuredToken) {
        String master = masterKey == null ? "" : masterKey;
        String configured = configuredToken == null ? "" : configuredToken;
        if (master.isEmpty() && configured.isEmpty()) {
            throw new IllegalArgumentException("no master key and no internal token: nothing to authenticate with");
        }
        return new InternalCredential(master, configured.isEmpty() ? derive(master) : configured);
    }

    /** HMAC-SHA256(master key, label), base64url without padding: one-way, so the token does not reveal the key. */
    static String derive(String masterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(DERIVATION_LABEL.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Constant-time: the master key in {@code X-Blnk-Key} or the token in {@link #TOKEN_HEADER}. */
    public boolean accepts(String presentedBlnkKey, String presentedToken) {
        boolean master = masterKey.length > 0 && presentedBlnkKey != null
                && MessageDigest.isEqual(masterKey, presentedBlnkKey.getBytes(StandardCharsets.UTF_8));
        boolean internal = presentedToken != null
                && MessageDigest.isEqual(token, presentedToken.getBytes(StandardCharsets.UTF_8));
        return master | internal;
    }
}
