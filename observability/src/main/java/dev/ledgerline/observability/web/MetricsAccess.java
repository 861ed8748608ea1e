package dev.ledgerline.observability.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * Blnk's rule for {@code /metrics} and {@code /monitoring} (reference blnk-core.md §2.2): a bearer token,
 * when configured, is required and compared in constant time; secure mode without a token closes the
 * endpoints (403); otherwise they are open. {@code X-Blnk-Key} plays no part: not even the master key
 * opens them, because only the {@code Authorization} header is ever read.
 */
public final class MetricsAccess {

    /** The answer to one request; {@link #ALLOW} or a refusal with Blnk's status and code. */
    public enum Verdict {
        ALLOW(HttpStatus.OK, null, null),
        TOKEN_REQUIRED(HttpStatus.UNAUTHORIZED, "AUTH_METRICS_TOKEN_REQUIRED",
                "metrics bearer token required: send Authorization: Bearer <token>"),
        INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "AUTH_INVALID_BEARER_TOKEN", "invalid metrics bearer token"),
        DISABLED(HttpStatus.FORBIDDEN, "AUTH_METRICS_DISABLED",
                "metrics are disabled in secure mode until a metrics bearer token is configured");

        private final HttpStatus status;
        private final String code;
        private final String message;

        Verdict(HttpStatus status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }

        public HttpStatus status() {
            return status;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }
    }

    private static final String BEARER = "bearer ";

    private MetricsAccess() {
    }

    /**
     * @param secure              secure mode ({@code BLNK_SERVER_SECURE})
     * @param configuredToken     {@code BLNK_METRICS_BEARER_TOKEN}, empty when unset
     * @param authorizationHeader the request's {@code Authorization} header, null when absent
     */
    public static Verdict decide(boolean secure, String configuredToken, String authorizationHeader) {
        if (configuredToken == null || configuredToken.isEmpty()) {
            return secure ? Verdict.DISABLED : Verdict.ALLOW;
        }
        if (authorizationHeader == null || !authorizationHeader.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Verdict.TOKEN_REQUIRED;
        }
        String presented = authorizationHeader.substring(BEARER.length()).trim();
        if (presented.isEmpty()) {
            return Verdict.TOKEN_REQUIRED;
        }
        // MessageDigest.isEqual takes time independent of where the first difference is.
        boolean equal = MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                configuredToken.getBytes(StandardCharsets.UTF_8));
        return equal ? Verdict.ALLOW : Verdict.INVALID_TOKEN;
    }
}
