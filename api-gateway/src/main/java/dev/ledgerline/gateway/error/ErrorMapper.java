package dev.ledgerline.gateway.error;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.InvalidAmountException;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.CommandNotAcknowledgedException;
import dev.ledgerline.gateway.kafka.ReplyTimeoutException;
import dev.ledgerline.wire.v1.Reply;

/**
 * The one place that decides HTTP status and Blnk error code: for every {@link RejectionReason}
 * the processor can send back, for the gateway's own validation failures, and for any exception.
 * Envelope: {@code {"error": msg, "error_detail": {"code", "message", "details"}}}.
 */
public final class ErrorMapper {

    public static final String GEN_MALFORMED_REQUEST = "GEN_MALFORMED_REQUEST";
    public static final String GEN_VALIDATION_ERROR = "GEN_VALIDATION_ERROR";
    public static final String TXN_VALIDATION_ERROR = "TXN_VALIDATION_ERROR";
    public static final String GEN_SERVICE_UNAVAILABLE = "GEN_SERVICE_UNAVAILABLE";
    public static final String GEN_NOT_FOUND = "GEN_NOT_FOUND";
    public static final String GEN_METHOD_NOT_ALLOWED = "GEN_METHOD_NOT_ALLOWED";
    public static final String GEN_INTERNAL = "GEN_INTERNAL";

    public static final String BULK_NOT_FOUND = "NOT_FOUND";
    public static final String BULK_INVALID_AMOUNT = "INVALID_AMOUNT";
    public static final String BULK_INTERNAL_ERROR = "INTERNAL_ERROR";

    static final String REPLY_TIMEOUT_MESSAGE = "the ledger did not answer in time; the command may still apply";

    /** A refusal decided elsewhere (access control) with its own status, code and exact message. */
    public static ApiException refusal(int status, String code, String message) {
        return new ApiException(status, code, message, null, false);
    }

    private ErrorMapper() {
    }

    /**
     * HTTP status for a processor rejection, per Blnk and docs/design/transactions-v2.md: conflicts
     * (duplicates, already committed/voided/refunded) 409, missing things 404, the rest 400.
     * Exhaustive on purpose (no {@code default}): a new {@link RejectionReason} does not compile
     * until someone decided its status here.
     */
    public static int statusOf(RejectionReason reason) {
        return switch (reason) {
            case DUPLICATE_REFERENCE, LEDGER_ALREADY_EXISTS, BALANCE_ALREADY_EXISTS,
                    ALREADY_COMMITTED, ALREADY_VOIDED, ALREADY_REFUNDED, API_KEY_ALREADY_EXISTS,
                    BALANCE_MONITOR_ALREADY_EXISTS, IDENTITY_FIELD_ALREADY_TOKENIZED, IDENTITY_IN_USE -> 409;
            case LEDGER_NOT_FOUND, SOURCE_NOT_FOUND, DESTINATION_NOT_FOUND, TRANSACTION_NOT_FOUND,
                    API_KEY_NOT_FOUND, BALANCE_MONITOR_NOT_FOUND, IDENTITY_NOT_FOUND, BALANCE_NOT_FOUND -> 404;
            case TOKENIZATION_DISABLED -> 403;
            case MALFORMED_COMMAND, INVALID_PRECISION, AMOUNT_MUST_BE_POSITIVE, SOURCE_EQUALS_DESTINATION,
                    SOURCE_CURRENCY_MISMATCH, DESTINATION_CURRENCY_MISMATCH, INSUFFICIENT_FUNDS,
                    OVERDRAFT_LIMIT_EXCEEDED, INVALID_DISTRIBUTION, INVALID_STATUS_ACTION, NOT_INFLIGHT,
                    COMMIT_AMOUNT_EXCEEDED, NOT_REFUNDABLE, GROUP_ABORTED, GROUP_PARTIAL_COMMIT,
                    INVALID_MONITOR_BALANCE, MONITOR_BALANCE_CHANGED, METADATA_TOO_LARGE,
                    IDENTITY_ALREADY_EXISTS -> 400; // Blnk: a duplicate identity_id is a validation error
        };
    }

    /**
     * The per-item {@code code} of Blnk's bulk inflight answer ({@code NOT_FOUND}, {@code ALREADY_VOIDED},
     * {@code ALREADY_COMMITTED}, {@code NOT_INFLIGHT}, {@code INVALID_AMOUNT}, {@code INTERNAL_ERROR}).
     * Exhaustive for the same reason as {@link #statusOf}.
     */
    public static String bulkCodeOf(RejectionReason reason) {
        return switch (reason) {
            case TRANSACTION_NOT_FOUND -> BULK_NOT_FOUND;
            case ALREADY_VOIDED -> "ALREADY_VOIDED";
            case ALREADY_COMMITTED -> "ALREADY_COMMITTED";
            case NOT_INFLIGHT -> "NOT_INFLIGHT";
            case COMMIT_AMOUNT_EXCEEDED, AMOUNT_MUST_BE_POSITIVE, INVALID_PRECISION, GROUP_PARTIAL_COMMIT -> BULK_INVALID_AMOUNT;
            case MALFORMED_COMMAND, SOURCE_EQUALS_DESTINATION, DUPLICATE_REFERENCE, LEDGER_NOT_FOUND,
                    LEDGER_ALREADY_EXISTS, BALANCE_ALREADY_EXISTS, DESTINATION_NOT_FOUND,
                    DESTINATION_CURRENCY_MISMATCH, SOURCE_NOT_FOUND, SOURCE_CURRENCY_MISMATCH, INSUFFICIENT_FUNDS,
                    OVERDRAFT_LIMIT_EXCEEDED, INVALID_DISTRIBUTION, INVALID_STATUS_ACTION, NOT_REFUNDABLE,
                    ALREADY_REFUNDED, GROUP_ABORTED, API_KEY_NOT_FOUND, API_KEY_ALREADY_EXISTS,
                    BALANCE_MONITOR_NOT_FOUND, INVALID_MONITOR_BALANCE, BALANCE_MONITOR_ALREADY_EXISTS,
                    MONITOR_BALANCE_CHANGED, IDENTITY_NOT_FOUND, IDENTITY_ALREADY_EXISTS,
                    IDENTITY_FIELD_ALREADY_TOKENIZED, TOKENIZATION_DISABLED, IDENTITY_IN_USE,
                    BALANCE_NOT_FOUND, METADATA_TOO_LARGE -> BULK_INTERNAL_ERROR;
        };
    }

    /** Bulk inflight item code for any failure that is not a processor rejection (timeout, Kafka, projection). */
    public static String bulkCodeOf(Throwable error) {
        ApiException api = toApiException(error);
        RejectionReason reason = reasonFor(api.details().get("reason") == null ? null : api.details().get("reason").toString());
        if (reason != null && api.status() < 500) {
            return bulkCodeOf(reason);
        }
        if (TXN_VALIDATION_ERROR.equals(api.code()) || RejectionReason.INVALID_PRECISION.errorCode().equals(api.code())) {
            return BULK_INVALID_AMOUNT;
        }
        return BULK_INTERNAL_ERROR;
    }

    public static ApiException rejection(RejectionReason reason, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason.name());
        String text = message == null || message.isBlank() ? reason.message() : message;
        return new ApiException(statusOf(reason), reason.errorCode(), text, details, false);
    }

    /** The error for a processor {@link Reply} that is not ok. */
    public static ApiException fromReply(Reply reply) {
        String code = reply.getCode() == null ? null : reply.getCode().toString();
        String message = reply.getMessage() == null ? null : reply.getMessage().toString();
        RejectionReason reason = reasonFor(code);
        if (reason == null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", code);
            return new ApiException(500, GEN_INTERNAL,
                    message == null ? "the ledger refused the command for an unknown reason" : message, details, false);
        }
        return rejection(reason, message);
    }

    /** Accepts the reason's name (e.g. {@code LEDGER_NOT_FOUND}), its numeric code, or its Blnk code. */
    static RejectionReason reasonFor(String code) {
        if (code == null) {
            return null;
        }
        for (RejectionReason reason : RejectionReason.values()) {
            if (reason.name().equals(code) || Integer.toString(reason.code()).equals(code)) {
                return reason;
            }
        }
        for (RejectionReason reason : RejectionReason.values()) {
            if (reason.errorCode().equals(code)) {
                return reason;
            }
        }
        return null;
    }

    /** Unparseable body, wrong JSON type, unknown enum value: 400 {@code GEN_MALFORMED_REQUEST}. */
    public static ApiException malformed(String message, String field) {
        return new ApiException(400, GEN_MALFORMED_REQUEST, message, fieldDetails(field), false);
    }

    /** A transaction request that breaks a rule: 400 {@code TXN_VALIDATION_ERROR}, legacy {@code errors} key too. */
    public static ApiException transactionValidation(String message, String field) {
        return new ApiException(400, TXN_VALIDATION_ERROR, message, fieldDetails(field), true);
    }

    /** A ledger or balance request that breaks a rule: 400 {@code GEN_VALIDATION_ERROR}, legacy {@code errors} key too. */
    public static ApiException validation(String message, String field) {
        return new ApiException(400, GEN_VALIDATION_ERROR, message, fieldDetails(field), true);
    }

    /** A Blnk feature Ledgerline does not implement yet: refused loudly rather than silently ignored. */
    public static ApiException transactionFeatureNotSupported(String field) {
        Map<String, Object> details = fieldDetails(field);
        details.put("not_supported", true);
        return new ApiException(400, TXN_VALIDATION_ERROR, field + " is not supported yet", details, true);
    }

    /** Amount or precision a transaction cannot use; precision problems keep Blnk's own code. */
    public static ApiException transactionAmount(InvalidAmountException e, String field) {
        if (e.reason() == RejectionReason.INVALID_PRECISION) {
            return new ApiException(400, e.reason().errorCode(), e.getMessage(), fieldDetails(field), true);
        }
        return transactionValidation(field + ": " + e.getMessage(), field);
    }

    /** Blnk's bulk failure: the same error plus {@code batch_id} beside it. */
    public static ApiException bulkFailure(Throwable error, String batchId) {
        ApiException api = toApiException(error);
        Map<String, Object> topLevel = new LinkedHashMap<>(api.topLevel());
        topLevel.put("batch_id", batchId);
        return new ApiException(api.status(), api.code(), api.getMessage(), api.details(), api.legacyErrorsKey(), topLevel);
    }

    /** A bulk item that failed validation: its error, with the item's {@code index} in the details (Blnk). */
    public static ApiException bulkItemInvalid(ApiException error, int index) {
        Map<String, Object> details = new LinkedHashMap<>(error.details());
        details.put("index", index);
        return new ApiException(error.status(), error.code(), "transactions[" + index + "]: " + error.getMessage(),
                details, error.legacyErrorsKey(), error.topLevel());
    }

    /** {@code POST /transactions/bulk} without items ({@code TXN_BULK_EMPTY}) or with too many ({@code TXN_BULK_LIMIT_EXCEEDED}). */
    public static ApiException bulkSize(boolean empty, int limit) {
        return empty
                ? new ApiException(400, "TXN_BULK_EMPTY", "transactions: at least one transaction is required",
                        fieldDetails("transactions"), false)
                : new ApiException(400, "TXN_BULK_LIMIT_EXCEEDED", "transactions: at most " + limit + " per batch",
                        fieldDetails("transactions"), false);
    }

    /** Two items of one batch share a reference: refused before anything is written. */
    public static ApiException bulkDuplicateReference(int index, String reference) {
        Map<String, Object> details = fieldDetails("reference");
        details.put("index", index);
        details.put("reason", RejectionReason.DUPLICATE_REFERENCE.name());
        return new ApiException(409, RejectionReason.DUPLICATE_REFERENCE.errorCode(),
                "transactions[" + index + "]: reference " + reference + " is used twice in this batch", details, false);
    }

    public static ApiException replyTimeout() {
        return new ApiException(503, GEN_SERVICE_UNAVAILABLE, REPLY_TIMEOUT_MESSAGE, null, false);
    }

    public static ApiException commandNotAcknowledged() {
        return new ApiException(503, GEN_SERVICE_UNAVAILABLE,
                "Kafka did not confirm the command; it may or may not apply, retry with the same reference", null, false);
    }

    public static ApiException projectionUnavailable() {
        return new ApiException(503, GEN_SERVICE_UNAVAILABLE, "the query service is unavailable", null, false);
    }

    public static ApiException internal() {
        return new ApiException(500, GEN_INTERNAL, "internal server error", null, false);
    }

    /** Any failure turned into an envelope-able error; unknown ones become 500 {@code GEN_INTERNAL}. */
    public static ApiException toApiException(Throwable error) {
        if (error instanceof ApiException) {
            return (ApiException) error;
        }
        if (error instanceof InvalidAmountException) {
            InvalidAmountException invalid = (InvalidAmountException) error;
            return rejection(invalid.reason(), invalid.getMessage());
        }
        if (error instanceof ReplyTimeoutException) {
            return replyTimeout();
        }
        if (error instanceof CommandNotAcknowledgedException) {
            return commandNotAcknowledged();
        }
        if (error instanceof JacksonException) {
            return malformed("invalid JSON", null);
        }
        if (causedByBodyLimit(error)) {
            // Blnk answers 400 here; a body over the configured limit is a 413 (BLNK_SERVER_MAX_REQUEST_BODY_SIZE_MB)
            return refusal(413, GEN_MALFORMED_REQUEST, "request body too large");
        }
        if (error instanceof ResponseStatusException) {
            return fromStatus((ResponseStatusException) error);
        }
        return internal();
    }

    /** WebFlux wraps the limit breach in a 400 ServerWebInputException; the cause decides, so a 413 stays a 413. */
    private static boolean causedByBodyLimit(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private static ApiException fromStatus(ResponseStatusException error) {
        int status = error.getStatusCode().value();
        if (status == 404) {
            return new ApiException(404, GEN_NOT_FOUND, "route not found", null, false);
        }
        if (status == 405) {
            return new ApiException(405, GEN_METHOD_NOT_ALLOWED, "method not allowed", null, false);
        }
        if (status >= 400 && status < 500) {
            // Body decoding and binding failures: always the client's malformed request, never a 500.
            String reason = error.getReason();
            return new ApiException(400, GEN_MALFORMED_REQUEST, reason == null ? "malformed request" : reason, null, false);
        }
        return internal();
    }

    /** Blnk's envelope for {@code error}. */
    public static ObjectNode envelope(ApiException error) {
        ObjectNode body = Json.object();
        body.put("error", error.getMessage());
        error.topLevel().forEach((name, value) -> body.set(name, Json.MAPPER.valueToTree(value)));
        if (error.legacyErrorsKey()) {
            body.put("errors", error.getMessage());
        }
        ObjectNode detail = body.putObject("error_detail");
        detail.put("code", error.code());
        detail.put("message", error.getMessage());
        detail.set("details", Json.MAPPER.valueToTree(error.details()));
        return body;
    }

    private static Map<String, Object> fieldDetails(String field) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (field != null) {
            details.put("field", field);
        }
        return details;
    }
}
