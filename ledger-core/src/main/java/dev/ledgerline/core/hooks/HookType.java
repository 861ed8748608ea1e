package dev.ledgerline.core.hooks;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import dev.ledgerline.core.TransactionStatus;

/**
 * Blnk's two kinds of transaction hook, and which records of {@code ledger.transactions} each one announces. A
 * PRE_TRANSACTION hook hears of a transaction when it is queued (its {@code QUEUED} record), a POST_TRANSACTION hook
 * when it reached a final state ({@code APPLIED}, {@code INFLIGHT} or {@code VOID}); a {@code REJECTED} outcome and a
 * {@code SCHEDULED} record are announced to neither (Blnk never posts a rejected transaction either). Each record is
 * on the topic once, so each hook hears of it once (Blnk repeats PRE on every retry of the worker).
 */
public enum HookType {
    PRE_TRANSACTION(EnumSet.of(TransactionStatus.QUEUED)),
    POST_TRANSACTION(EnumSet.of(TransactionStatus.APPLIED, TransactionStatus.INFLIGHT, TransactionStatus.VOID));

    private final Set<TransactionStatus> announcedStatuses;

    HookType(Set<TransactionStatus> announcedStatuses) {
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

    public boolean announces(TransactionStatus status) {
        return announcedStatuses.contains(status);
    }

    /**
     * Whether a transaction record with this wire {@code status} is announced to hooks of this type; a status this
     * version does not know (a later one's) is announced to none.
     */
    public boolean announces(String status) {
        for (TransactionStatus known : TransactionStatus.values()) {
            if (known.name().equals(status)) {
                return announces(known);
            }
        }
        return false;
    }
}
