package dev.ledgerline.projection.store;

/** A list query the whitelist refuses (unknown field or operator, bad value, too many filters): a client error. */
public class InvalidFilterException extends RuntimeException {

    public InvalidFilterException(String message) {
        super(message, null, false, false);
    }
}
