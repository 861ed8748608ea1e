package dev.ledgerline.core.access;

import java.util.Optional;
import java.util.Set;

/**
 * Who may call what: Blnk's secure-mode decision, step by step, with Blnk's auth bugs fixed (see the README's
 * Security section): in insecure mode every caller acts as the master (so API keys and hooks can be managed
 * there too), routes that scan the whole log need the master key, and detokenization needs {@code identities:write}.
 */
public final class AccessPolicy {

    /** Exactly these paths need no key (no prefix matching). */
    private static final Set<String> PUBLIC_PATHS = Set.of("/", "/health", "/metrics");
    /** First path segments only the master key may use. */
    private static final Set<String> MASTER_ONLY = Set.of("hooks", "webhooks", "integrity");

    private AccessPolicy() {
    }

    /**
     * @param presentedKey the {@code X-Blnk-Key} value, null or empty when absent
     * @param isMasterKey  whether {@code presentedKey} equals the master key (compared in constant time by the caller)
     * @param stored       the API key {@code presentedKey} names, empty when none does
     */
    public static AccessDecision decide(boolean secure, String path, String method, String presentedKey,
                                        boolean isMasterKey, Optional<ApiKeyGrant> stored, long nowMs) {
        if (!secure) {
            return AccessDecision.of(AccessOutcome.MASTER);
        }
        if (PUBLIC_PATHS.contains(path)) {
            return AccessDecision.of(AccessOutcome.PUBLIC);
        }
        if (presentedKey == null || presentedKey.isEmpty()) {
            return AccessDecision.of(AccessOutcome.MISSING_KEY);
        }
        if (isMasterKey) {
            return AccessDecision.of(AccessOutcome.MASTER);
        }
        if (stored.isEmpty()) {
            return AccessDecision.of(AccessOutcome.INVALID_KEY);
        }
        ApiKeyGrant key = stored.get();
        if (!key.usableAt(nowMs)) {
            return AccessDecision.of(AccessOutcome.EXPIRED_OR_REVOKED);
        }
        if (MASTER_ONLY.contains(firstSegment(path))) {
            return AccessDecision.of(AccessOutcome.MASTER_KEY_REQUIRED);
        }
        Optional<Resource> resource = Resource.ofPath(path);
        if (resource.isEmpty()) {
            return AccessDecision.of(AccessOutcome.UNKNOWN_RESOURCE);
        }
        Optional<Action> action = revealsPersonalData(path) ? Optional.of(Action.WRITE) : Action.ofMethod(method);
        if (action.isEmpty() || !key.allows(resource.get(), action.get())) {
            String named = resource.get().wire() + ":" + action.map(Action::wire).orElse("");
            return new AccessDecision(AccessOutcome.INSUFFICIENT_PERMISSIONS,
                    AccessOutcome.INSUFFICIENT_PERMISSIONS.message() + named, null);
        }
        return new AccessDecision(AccessOutcome.API_KEY, null, key);
    }

    /**
     * Detokenization shows personal data in clear: it needs {@code identities:write} whatever the method (Blnk lets
     * a read-only key reveal fields one by one with {@code GET /identities/{id}/detokenize/{field}}).
     */
    static boolean revealsPersonalData(String path) {
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/");
        return segments.length >= 3 && "identities".equals(segments[0]) && "detokenize".equals(segments[2]);
    }

    static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
