package dev.ledgerline.schemas;

/** A record's bytes are not a value of the expected wire type: corrupt, truncated, or of an unknown schema. */
public class UndecodableRecordException extends RuntimeException {

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
