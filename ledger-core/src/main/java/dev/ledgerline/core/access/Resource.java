package dev.ledgerline.core.access;

import java.util.Optional;

/** What an API-key scope names, and how Blnk maps a request path to it: by its first segment only. */
public enum Resource {
    LEDGERS("ledgers"), BALANCES("balances"), ACCOUNTS("accounts"), IDENTITIES("identities"),
    TRANSACTIONS("transactions"), BALANCE_MONITORS("balance-monitors"), HOOKS("hooks"), API_KEYS("api-keys"),
    SEARCH("search"), RECONCILIATION("reconciliation"), METADATA("metadata"), BACKUP("backup");

    private final String wire;

    Resource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static Optional<Resource> ofWire(String text) {
        for (Resource resource : values()) {
            if (resource.wire.equals(text)) {
                return Optional.of(resource);
            }
        }
        return Optional.empty();
    }

    /**
     * The resource of a request path, from its first segment ({@code /balances/x/at} → balances); aliases as in
     * Blnk ({@code refund-transaction} → transactions, {@code mocked-account} → accounts, {@code multi-search} →
     * search). Empty for any other segment, which API keys may not reach.
     */
    public static Optional<Resource> ofPath(String path) {
        return switch (AccessPolicy.firstSegment(path)) {
            case "refund-transaction" -> Optional.of(TRANSACTIONS);
            case "mocked-account" -> Optional.of(ACCOUNTS);
            case "multi-search" -> Optional.of(SEARCH);
            case "metadata" -> Optional.empty(); // Blnk routes /{id}/metadata, never /metadata: the scope matches nothing
            default -> ofWire(AccessPolicy.firstSegment(path));
        };
    }
}
