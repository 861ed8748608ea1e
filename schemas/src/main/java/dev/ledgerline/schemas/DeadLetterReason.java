package dev.ledgerline.schemas;

/** Why a consumer set a record aside into {@link Topics#DEAD_LETTERS}. The names are stable: they are header values. */
public enum DeadLetterReason {
    /** The bytes are not a record of the topic's wire type (corrupt, truncated, unknown schema). */
    UNDECODABLE,
    /** The record decoded, but handling it failed (a bug, or a record no rule accepts); nothing of it was written. */
    PROCESSING_FAILED,
    /** The projection's database refused the record's data (PostgreSQL data exception or size limit). */
    REFUSED_BY_STORE;

    /** The reason a failure stands for: undecodable input is told apart from any other failure. */
    public static DeadLetterReason of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UndecodableRecordException) {
                return UNDECODABLE;
            }
        }
        return PROCESSING_FAILED;
    }
}
