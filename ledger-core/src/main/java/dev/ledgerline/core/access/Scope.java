package dev.ledgerline.core.access;

import java.util.Optional;

/**
 * One API-key scope, {@code resource:action}, where either side may be {@code *}. A text that does not split on
 * {@code :} into a known resource (or {@code *}) and a known action (or {@code *}) grants nothing.
 *
 * @param resource empty for {@code *}
 * @param action   empty for {@code *}
 */
public record Scope(Optional<Resource> resource, Optional<Action> action) {

    public static final String ANY = "*";

    /** Empty when {@code text} is not a scope (it is then inert, as in Blnk). */
    public static Optional<Scope> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<Resource> resource = ANY.equals(parts[0]) ? Optional.empty() : Resource.ofWire(parts[0]);
        Optional<Action> action = ANY.equals(parts[1]) ? Optional.empty() : Action.ofWire(parts[1]);
        if ((!ANY.equals(parts[0]) && resource.isEmpty()) || (!ANY.equals(parts[1]) && action.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Scope(resource, action));
    }

    public boolean allows(Resource requested, Action wanted) {
        return resource.map(r -> r == requested).orElse(true) && action.map(a -> a == wanted).orElse(true);
    }

    /** Whether a holder of this scope may grant {@code other}: each side is {@code *} here or equal there. */
    public boolean covers(Scope other) {
        return (resource.isEmpty() || resource.equals(other.resource))
                && (action.isEmpty() || action.equals(other.action));
    }

    public String wire() {
        return resource.map(Resource::wire).orElse(ANY) + ":" + action.map(Action::wire).orElse(ANY);
    }
}
