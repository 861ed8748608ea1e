package dev.ledgerline.core.access;

import java.util.List;
import java.util.Optional;

/**
 * What a stored API key grants: its owner, scopes (as stored; invalid ones are inert), expiry and revocation.
 *
 * @param expiresAtMs epoch milliseconds; the key is refused from that instant on
 */
public record ApiKeyGrant(String apiKeyId, String ownerId, List<String> scopes, long expiresAtMs, boolean revoked) {

    public ApiKeyGrant {
        scopes = List.copyOf(scopes);
    }

    public boolean usableAt(long nowMs) {
        return !revoked && nowMs < expiresAtMs;
    }

    public boolean allows(Resource resource, Action action) {
        return scopes.stream().map(Scope::parse).flatMap(Optional::stream).anyMatch(s -> s.allows(resource, action));
    }

    /** Blnk's escalation rule: every requested scope is covered by one of this key's valid scopes. */
    public boolean mayGrant(List<String> requested) {
        List<Scope> own = scopes.stream().map(Scope::parse).flatMap(Optional::stream).toList();
        for (String text : requested) {
            Optional<Scope> wanted = Scope.parse(text);
            if (wanted.isEmpty()) {
                continue; // an inert scope grants nothing, so granting it escalates nothing
            }
            if (own.stream().noneMatch(s -> s.covers(wanted.get()))) {
                return false;
            }
        }
        return true;
    }
}
