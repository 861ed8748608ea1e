package dev.ledgerline.projection.consume;

import java.time.DateTimeException;
import java.util.Optional;

import dev.ledgerline.schemas.DeadLetterReason;
import dev.ledgerline.schemas.UndecodableRecordException;
import io.r2dbc.spi.R2dbcException;

/**
 * Tells a failure caused by a record's content (retrying it can never succeed: set it aside) from one caused
 * by the surroundings (database down, timeout: retry, never skip). Only the first kind may cost a record
 * its place in the read model, so anything not known to be the record's fault counts as the surroundings'.
 */
public final class PoisonRecords {

    private PoisonRecords() {
    }

    /** Why the record that failed with {@code failure} must be set aside, or empty when it should be retried. */
    public static Optional<DeadLetterReason> reasonToSetAside(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UndecodableRecordException) {
                return Optional.of(DeadLetterReason.UNDECODABLE);
            }
            if (cause instanceof R2dbcException database) {
                return refusedData(database.getSqlState()) ? Optional.of(DeadLetterReason.REFUSED_BY_STORE)
                        : Optional.empty();
            }
            // values the writer cannot turn into columns: a bad amount, number or date in the record
            if (cause instanceof IllegalArgumentException || cause instanceof ArithmeticException
                    || cause instanceof DateTimeException) {
                return Optional.of(DeadLetterReason.PROCESSING_FAILED);
            }
        }
        return Optional.empty();
    }

    /** The SQLState of the first database exception in the failure's causes, or null (Spring may wrap the driver's). */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof R2dbcException database) {
                return database.getSqlState();
            }
        }
        return null;
    }

    /** The failure's types and SQLState, without messages (which may quote record content): safe for /health. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getName());
            if (cause instanceof R2dbcException database && database.getSqlState() != null) {
                text.append(" (SQLState ").append(database.getSqlState()).append(')');
            }
        }
        return text.toString();
    }

    /**
     * PostgreSQL's "data exception" class (22: bad encoding such as a NUL byte, value out of range, date out of
     * range) and "program limit exceeded" class (54: an index row too large): the data itself is refused.
     */
    static boolean refusedData(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("54"));
    }
}
