package dev.ledgerline.projection.store;

/**
 * A list query that cannot run: a client error, answered 400 before the database is asked. Two kinds, as Blnk
 * answers them: a filter whose field the entity does not have ({@link Kind#INVALID_FILTER}, Blnk's
 * {@code GEN_BAD_REQUEST} "Invalid filter: …"), and a parameter that breaks the grammar or its limits (bad operator
 * or value, too many filters or values; {@link Kind#INVALID_PARAMETER}, Blnk's {@code GEN_VALIDATION_ERROR} "invalid
 * filter parameters" listing the parameter).
 */
public class InvalidFilterException extends RuntimeException {

    public enum Kind { INVALID_PARAMETER, INVALID_FILTER }

    private final Kind kind;
    private final String parameter;

    public InvalidFilterException(String message) {
        this(Kind.INVALID_PARAMETER, null, message);
    }

    public InvalidFilterException(Kind kind, String parameter, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.parameter = parameter;
    }

    public Kind kind() {
        return kind;
    }

    /** The parameter or field the message is about, or null. */
    public String parameter() {
        return parameter;
    }
}
