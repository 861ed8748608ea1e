package dev.ledgerline.core.access;

/** Every answer of {@link AccessPolicy}: allowed, or Blnk's status, code and message for the refusal. */
public enum AccessOutcome {
    /** {@code /}, {@code /health}, {@code /metrics} (its own bearer rules apply). */
    PUBLIC(200, null, null),
    /** The master key, or any request in insecure mode. */
    MASTER(200, null, null),
    /** An API key whose scopes allow the request. */
    API_KEY(200, null, null),
    MISSING_KEY(401, "AUTH_MISSING_API_KEY", "Authentication required. Use X-Blnk-Key header"),
    INVALID_KEY(401, "AUTH_INVALID_API_KEY", "Invalid API key"),
    EXPIRED_OR_REVOKED(401, "AUTH_EXPIRED_API_KEY", "API key is expired or revoked"),
    UNKNOWN_RESOURCE(403, "AUTH_UNKNOWN_RESOURCE", "Unknown resource type"),
    /** The message names {@code <resource>:<action>}, see {@link AccessDecision#message()}. */
    INSUFFICIENT_PERMISSIONS(403, "AUTH_INSUFFICIENT_PERMISSIONS", "Insufficient permissions for "),
    MASTER_KEY_REQUIRED(403, "AUTH_MASTER_KEY_REQUIRED", "this route requires the master key");

    private final int status;
    private final String code;
    private final String message;

    AccessOutcome(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public boolean allowed() {
        return status == 200;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    String message() {
        return message;
    }
}
