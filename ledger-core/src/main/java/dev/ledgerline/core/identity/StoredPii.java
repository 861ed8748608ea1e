package dev.ledgerline.core.identity;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * How a personal field is written into commands, topics and tables: {@code ""} for an empty value, a sealed value
 * ({@link PiiKeyring}) when a tokenization secret is configured, and {@code plain:<value>} when none is (then the
 * value is in clear at rest, which the services announce loudly at start). The prefix makes the two unambiguous,
 * whatever the value looks like.
 */
public final class StoredPii {

    static final String PLAIN_PREFIX = "plain:";
    private static final String TOKEN_PREFIX = "tok_";

    private StoredPii() {
    }

    /** What to store for {@code value} of {@code field} of identity {@code identityId}. */
    public static String store(String value, String identityId, IdentityField field, Optional<PiiKeyring> keyring,
                               SecureRandom random) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return keyring.map(keys -> keys.seal(value, identityId, field.wire(), random))
                .orElse(PLAIN_PREFIX + value);
    }

    /** The value stored by {@link #store}. */
    public static String read(String stored, String identityId, IdentityField field, Optional<PiiKeyring> keyring) {
        if (stored == null || stored.isEmpty()) {
            return "";
        }
        if (stored.startsWith(PLAIN_PREFIX)) {
            return stored.substring(PLAIN_PREFIX.length());
        }
        if (stored.startsWith(PiiKeyring.SEALED_PREFIX)) {
            return keyring.orElseThrow(() -> new PiiException("sealed, and no tokenization secret is configured"))
                    .open(stored, identityId, field.wire());
        }
        throw new PiiException("not a stored personal value");
    }

    public static boolean sealed(String stored) {
        return stored != null && stored.startsWith(PiiKeyring.SEALED_PREFIX);
    }

    /**
     * The token a read shows in place of a tokenized field: {@code tok_<key id>_<sealed body>}. It is the sealed
     * value under another name, so equal values give different tokens (each was sealed with its own nonce), any
     * value round-trips whatever characters it holds, and nothing of the value (not even its length class beyond
     * the ciphertext's) is visible. An empty value stays empty; a value stored in clear (no secret configured when it
     * was written) shows as {@code tok_unsealed}, never as itself.
     */
    public static String token(String stored) {
        if (stored == null || stored.isEmpty()) {
            return "";
        }
        if (!sealed(stored)) {
            return TOKEN_PREFIX + "unsealed";
        }
        return TOKEN_PREFIX + stored.substring(PiiKeyring.SEALED_PREFIX.length()).replaceFirst(":", "_");
    }
}
