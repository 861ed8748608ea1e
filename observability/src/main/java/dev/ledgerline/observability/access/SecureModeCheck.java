package dev.ledgerline.observability.access;

/**
 * What a service may start with. Secure mode without a master key would leave no credential that can create
 * API keys or reach the internal services (Blnk starts anyway and locks everyone out); Ledgerline refuses.
 */
public final class SecureModeCheck {

    private SecureModeCheck() {
    }

    /** @throws InsecureConfigurationException when secure mode is on and there is no master key */
    public static void check(boolean secure, String secretKey) {
        if (secure && (secretKey == null || secretKey.isBlank())) {
            throw new InsecureConfigurationException(
                    "secure mode is on (BLNK_SERVER_SECURE=true or server.secure in blnk.json) but no master key is set",
                    "set BLNK_SERVER_SECRET_KEY (or server.secret_key in blnk.json) to a long random secret, e.g. "
                            + "`openssl rand -base64 32`, for every Ledgerline service; or turn secure mode off for a "
                            + "local trial only");
        }
    }

    /** How the start-up line describes access control. */
    public static String describe(boolean secure) {
        return secure
                ? "access: secure (X-Blnk-Key required on every route but /, /health and /metrics)"
                : "access: OFF, INSECURE: no authentication, every route is open; do not expose this port "
                        + "(set BLNK_SERVER_SECURE=true and BLNK_SERVER_SECRET_KEY)";
    }
}
