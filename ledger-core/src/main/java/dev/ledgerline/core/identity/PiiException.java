package dev.ledgerline.core.identity;

/** A stored personal value that cannot be opened. The message never holds the value. */
public final class PiiException extends RuntimeException {

    public PiiException(String message) {
        super(message);
    }
}
