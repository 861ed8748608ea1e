package dev.ledgerline.core.hooks;

import java.util.Optional;
import java.util.Set;

/**
 * Blnk's two kinds of transaction hook, and which records of {@code ledger.transactions} each one announces. A
 * PRE_TRANSACTION hook hears of a transaction when it is queued (its {@code QUEUED} record), a POST_TRANSACTION hook
 * when it reached a final state ({@code APPLIED}, {@code INFLIGHT} or {@code VOID}); a {@code REJECTED} outcome and a
 * {@code SCHEDULED} record are announced to neither (Blnk never posts a rejected transaction either). Each record is
 * on the topic once, so each hook hears of it once (Blnk repeats PRE on every retry of the worker).
 */
public enum HookType {
    PRE_TRANSACTION(Set.of("QUEUED")),
    POST_TRANSACTION(Set.of("APPLIED", "INFLIGHT", "VOID"));

    private final Set<String> announcedStatuses;

    HookType(Set<String> announcedStatuses) {
        this.announcedStatuses = announcedStatuses;
    }

    /** The type named exactly as on Blnk's wire; empty for anything else (no case folding, as in Blnk). */
    public static Optional<HookType> parse(String wire) {
        for (HookType type : values()) {
            if (type.name().equals(wire)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether a transaction record with this {@code status} is announced to hooks of this type. */
    public boolean announces(String status) {
        return announcedStatuses.contains(status);
    }
}
