package dev.ledgerline.core.monitor;

/** A monitor request that breaks a rule; {@link #field()} names the JSON field (Blnk's validation error). */
public final class InvalidMonitorException extends IllegalArgumentException {

    private final String field;

    public InvalidMonitorException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
