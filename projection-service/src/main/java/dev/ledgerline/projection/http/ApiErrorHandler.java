package dev.ledgerline.projection.http;

import dev.ledgerline.projection.consume.PoisonRecords;
import dev.ledgerline.projection.store.InvalidFilterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ServerWebInputException;

/** Every error leaves in Blnk's envelope; client mistakes are 4xx, only our own faults are 500. */
@RestControllerAdvice
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    /** A verification of a large ledger takes tens of seconds; ask for a retry on that scale. */
    static final String RETRY_AFTER_SECONDS = "30";

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<BlnkError> apiError(ApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.TOO_MANY_REQUESTS) {
            answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.body(BlnkError.of(e.code(), e.getMessage()));
    }

    /**
     * A filter on a field the entity lacks is Blnk's {@code GEN_BAD_REQUEST} "Invalid filter: …"; a parameter that
     * breaks the grammar is {@code GEN_VALIDATION_ERROR}, and also carries Blnk's legacy {@code errors} list of
     * {@code {"Param","Message"}} (in {@code error_detail.details} too) next to the usual {@code error}.
     */
    @ExceptionHandler(InvalidFilterException.class)
    public ResponseEntity<Object> invalidFilter(InvalidFilterException e) {
        if (e.kind() == InvalidFilterException.Kind.INVALID_FILTER) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(BlnkError.of("GEN_BAD_REQUEST", e.getMessage()));
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(FilterParameterError.of(e.parameter(), e.getMessage()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<BlnkError> badInput(ServerWebInputException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(BlnkError.of("GEN_MALFORMED_REQUEST", e.getReason() == null ? "invalid input" : e.getReason()));
    }

    /** An unknown path is the caller's mistake (e.g. a scraper on an old metrics path), not a 500. */
    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<BlnkError> unknownPath(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(BlnkError.of("GEN_NOT_FOUND", "404 page not found"));
    }

    /**
     * A value from the request the database cannot hold (a NUL byte, a number or date out of range, SQLState class
     * 22) is the caller's mistake. The gateway refuses such input first; this covers a caller of this port.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<BlnkError> unexpected(Exception e) {
        String refused = PoisonRecords.sqlState(e);
        if (refused != null && refused.startsWith("22")) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(BlnkError.of("GEN_MALFORMED_REQUEST",
                    "a value in the request cannot be stored or compared (SQLState " + refused + ")"));
        }
        log.error("query failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(BlnkError.of("GEN_INTERNAL", "internal server error"));
    }
}
