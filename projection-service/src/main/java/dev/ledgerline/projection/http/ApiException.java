package dev.ledgerline.projection.http;

import org.springframework.http.HttpStatus;

/** A client-facing failure with Blnk's error code; rendered by {@link ApiErrorHandler}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
    }

    /** 429 {@code GEN_RATE_LIMITED}; answered with a {@code Retry-After} header by {@link ApiErrorHandler}. */
    public static ApiException rateLimited(String message) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "GEN_RATE_LIMITED", message);
    }

    public static ApiException validation(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "GEN_VALIDATION_ERROR", message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
