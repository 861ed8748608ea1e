package dev.ledgerline.gateway.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that ends in a Blnk error envelope. Built only by {@link ErrorMapper}, which owns the
 * choice of status and code; written by {@link ErrorResponseWriter}.
 *
 * @param legacyErrorsKey Blnk answers some validation failures with {@code "errors"} instead of
 *                        {@code "error"}; the gateway then sends both keys with the same message.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private final boolean legacyErrorsKey;
    private final Map<String, Object> topLevel;

    ApiException(int status, String code, String message, Map<String, Object> details, boolean legacyErrorsKey) {
        this(status, code, message, details, legacyErrorsKey, Map.of());
    }

    ApiException(int status, String code, String message, Map<String, Object> details, boolean legacyErrorsKey,
                 Map<String, Object> topLevel) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.legacyErrorsKey = legacyErrorsKey;
        this.topLevel = Collections.unmodifiableMap(new LinkedHashMap<>(topLevel));
    }

    /** Fields Blnk adds beside {@code error} for some requests, e.g. {@code batch_id} on bulk failures. */
    public Map<String, Object> topLevel() {
        return topLevel;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public boolean legacyErrorsKey() {
        return legacyErrorsKey;
    }
}
