package dev.ledgerline.core.access;

import java.util.Optional;

import dev.ledgerline.core.RejectionReason;

/**
 * What the single owner of API keys (the processor's ledger registry) decides. Pure. A key is created once;
 * only its owner's requests may revoke it (another owner's key is not found, as in Blnk); revocation is final and
 * keeps the time of the first one (Blnk overwrites it on every repeat, which loses when the key was revoked).
 */
public final class ApiKeyLifecycle {

    private ApiKeyLifecycle() {
    }

    /** What the registry holds of one key, or nothing. */
    public record Stored(String ownerId, boolean revoked, Long revokedAtMs) {
    }

    /** A revocation as decided: the time it counts from, or the refusal. */
    public record Revocation(long revokedAtMs, RejectionReason refusal) {

        public boolean isAccepted() {
            return refusal == null;
        }
    }

    public static Optional<RejectionReason> create(Optional<Stored> stored) {
        return stored.isPresent() ? Optional.of(RejectionReason.API_KEY_ALREADY_EXISTS) : Optional.empty();
    }

    public static Revocation revoke(Optional<Stored> stored, String requestOwner, long nowMs) {
        if (stored.isEmpty() || !stored.get().ownerId().equals(requestOwner)) {
            return new Revocation(0, RejectionReason.API_KEY_NOT_FOUND);
        }
        Stored key = stored.get();
        return new Revocation(key.revoked() && key.revokedAtMs() != null ? key.revokedAtMs() : nowMs, null);
    }
}
