package dev.ledgerline.core;

/** A client-supplied amount or precision that cannot be turned into exact minor units. */
public final class InvalidAmountException extends IllegalArgumentException {

    private final RejectionReason reason;

    public InvalidAmountException(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
