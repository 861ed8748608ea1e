package dev.ledgerline.core.access;

import java.util.Optional;

/** What a request does to a resource, from its HTTP method (Blnk: GET/HEAD read, POST/PUT/PATCH write, DELETE delete). */
public enum Action {
    READ("read"), WRITE("write"), DELETE("delete");

    private final String wire;

    Action(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Empty for any other method (OPTIONS, TRACE, …), which no API key may use. */
    public static Optional<Action> ofMethod(String method) {
        return switch (method) {
            case "GET", "HEAD" -> Optional.of(READ);
            case "POST", "PUT", "PATCH" -> Optional.of(WRITE);
            case "DELETE" -> Optional.of(DELETE);
            default -> Optional.empty();
        };
    }

    static Optional<Action> ofWire(String text) {
        for (Action action : values()) {
            if (action.wire.equals(text)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
