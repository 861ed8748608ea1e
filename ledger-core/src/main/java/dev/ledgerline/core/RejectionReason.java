package dev.ledgerline.core;

/**
 * Why a command was refused. Ordered by descending precedence: when several rules are broken,
 * the first one in this list is reported. Codes are not in declaration order where a
 * reason was placed later. Destination checks precede source checks because the
 * destination is checked first, before any money moves (DESIGN.md section 4). {@link #code()} is stable and never reused; retired
 * reasons stay as placeholders. {@link #errorCode()} is Blnk's wire code; the HTTP status is
 * chosen in one place in the gateway. {@link #metricReason()} labels
 * {@code blnk_transaction_rejected_total{reason}}.
 */
public enum RejectionReason {
    MALFORMED_COMMAND(1, "GEN_MALFORMED_REQUEST", "other", "the command could not be decoded or is incomplete"),
    INVALID_PRECISION(2, "TXN_PRECISION_NOT_INTEGER", "other", "precision is invalid"),
    AMOUNT_MUST_BE_POSITIVE(3, "TXN_VALIDATION_ERROR", "other", "amount must be greater than zero"),
    SOURCE_EQUALS_DESTINATION(4, "TXN_VALIDATION_ERROR", "other", "source and destination must be different"),
    DUPLICATE_REFERENCE(5, "TXN_DUPLICATE_REFERENCE", "duplicate_reference", "reference has already been used"),
    LEDGER_NOT_FOUND(6, "LGR_NOT_FOUND", "other", "ledger not found"),
    LEDGER_ALREADY_EXISTS(7, "LGR_DUPLICATE", "other", "ledger already exists"),
    BALANCE_ALREADY_EXISTS(8, "BAL_DUPLICATE", "other", "a balance with this id or indicator and currency already exists"),
    DESTINATION_NOT_FOUND(9, "TXN_NOT_FOUND", "balance_not_found", "destination balance not found"),
    DESTINATION_CURRENCY_MISMATCH(10, "TXN_CURRENCY_MISMATCH", "currency_mismatch", "transaction currency does not match the destination balance currency"),
    SOURCE_NOT_FOUND(11, "TXN_NOT_FOUND", "balance_not_found", "source balance not found"),
    SOURCE_CURRENCY_MISMATCH(12, "TXN_CURRENCY_MISMATCH", "currency_mismatch", "transaction currency does not match the source balance currency"),
    INSUFFICIENT_FUNDS(13, "TXN_INSUFFICIENT_FUNDS", "insufficient_funds", "insufficient funds in source balance"),
    OVERDRAFT_LIMIT_EXCEEDED(14, "TXN_OVERDRAFT_LIMIT_EXCEEDED", "overdraft_limit", "transaction exceeds overdraft limit"),
    INVALID_DISTRIBUTION(15, "TXN_VALIDATION_ERROR", "other", "the distributions do not add up to the amount"),
    TRANSACTION_NOT_FOUND(16, "TXN_NOT_FOUND", "other", "transaction not found"),
    INVALID_STATUS_ACTION(17, "TXN_INVALID_STATUS_ACTION", "other", "status must be commit or void"),
    ALREADY_VOIDED(19, "TXN_ALREADY_VOIDED", "other", "transaction has already been voided"),
    ALREADY_COMMITTED(20, "TXN_ALREADY_COMMITTED", "other", "transaction has already been fully committed"),
    NOT_INFLIGHT(18, "TXN_NOT_INFLIGHT", "other", "transaction is not in inflight status"),
    COMMIT_AMOUNT_EXCEEDED(21, "TXN_COMMIT_AMOUNT_EXCEEDED", "other", "cannot commit more than the amount held"),
    ALREADY_REFUNDED(23, "GEN_CONFLICT", "other", "transaction has already been refunded"),
    NOT_REFUNDABLE(22, "TXN_NOT_REFUNDABLE", "other", "only an applied transaction can be refunded"),
    /** A leg that could have applied, released because another leg of its atomic split or bulk was rejected. */
    GROUP_ABORTED(24, "TXN_ATOMIC_ABORTED", "other", "another leg of this atomic split or bulk was rejected, so none applied"),
    /** No API key with this id belongs to the owner named (another owner's key is not found either, as in Blnk). */
    API_KEY_NOT_FOUND(25, "APIKEY_NOT_FOUND", "other", "API key not found"),
    API_KEY_ALREADY_EXISTS(26, "APIKEY_DUPLICATE", "other", "an API key with this id already exists"),
    /** A commit by a split's or bulk batch's id names an amount: only a leg's own id can commit part of it. */
    GROUP_PARTIAL_COMMIT(27, "TXN_VALIDATION_ERROR", "other",
            "a split or bulk id commits its legs in full; commit a leg by its own id to commit part of it"),
    /** No balance monitor with this id (never created, deleted, or its balance did not exist). */
    BALANCE_MONITOR_NOT_FOUND(28, "BAL_MONITOR_NOT_FOUND", "other", "balance monitor not found"),
    /** A monitor names a balance that does not exist (Blnk: 400 GEN_BAD_REQUEST "Invalid balance ID"). */
    INVALID_MONITOR_BALANCE(29, "GEN_BAD_REQUEST", "other", "Invalid balance ID"),
    BALANCE_MONITOR_ALREADY_EXISTS(30, "GEN_CONFLICT", "other", "a balance monitor with this id already exists"),
    /** A monitor lives with its balance's single writer, so it cannot move to another balance. */
    MONITOR_BALANCE_CHANGED(31, "GEN_VALIDATION_ERROR", "other",
            "balance_id: a monitor cannot move to another balance; delete it and create one there"),
    /** No identity with this id (never created, or deleted). */
    IDENTITY_NOT_FOUND(32, "IDT_NOT_FOUND", "other", "identity not found"),
    /** Blnk answers a duplicate {@code identity_id} with 400 IDT_VALIDATION_ERROR "Identity already exists". */
    IDENTITY_ALREADY_EXISTS(33, "IDT_VALIDATION_ERROR", "other", "Identity already exists"),
    IDENTITY_FIELD_ALREADY_TOKENIZED(34, "IDT_FIELD_ALREADY_TOKENIZED", "other", "field is already tokenized"),
    /** No {@code tokenization_secret} of exactly 32 bytes is configured. */
    TOKENIZATION_DISABLED(35, "IDT_TOKENIZATION_DISABLED", "other", "tokenization is disabled"),
    /** A balance still names the identity (Blnk: 500 from its foreign key). */
    IDENTITY_IN_USE(36, "IDT_IN_USE", "other",
            "identity is referenced by a balance; link the balance to another identity first"),
    /** {@code POST /{id}/metadata}: the merged object would exceed the bound every request's meta_data has. */
    METADATA_TOO_LARGE(41, "GEN_VALIDATION_ERROR", "other",
            "meta_data would be larger than 16384 bytes of JSON after this merge; replace large values instead of adding keys"),
    /** {@code PUT /balances/{id}/identity}: the identity or the balance does not exist (Blnk: BAL_NOT_FOUND for both). */
    BALANCE_NOT_FOUND(37, "BAL_NOT_FOUND", "other", "balance not found");

    private final int code;
    private final String errorCode;
    private final String metricReason;
    private final String message;

    RejectionReason(int code, String errorCode, String metricReason, String message) {
        this.code = code;
        this.errorCode = errorCode;
        this.metricReason = metricReason;
        this.message = message;
    }

    /** Stable numeric code, never reused. */
    public int code() {
        return code;
    }

    /** Blnk's error code string ({@code error_detail.code}). */
    public String errorCode() {
        return errorCode;
    }

    public String metricReason() {
        return metricReason;
    }

    /** Default human-readable message. */
    public String message() {
        return message;
    }

    /** The reason whose {@link #name()} is {@code name}, or {@link #MALFORMED_COMMAND} for an unknown one. */
    public static RejectionReason fromName(String name) {
        for (RejectionReason reason : values()) {
            if (reason.name().equals(name)) {
                return reason;
            }
        }
        return MALFORMED_COMMAND;
    }
}
