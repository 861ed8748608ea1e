package dev.ledgerline.core.subscriptions;

import java.util.Optional;

/**
 * What the single owner of webhook subscriptions (the processor's ledger registry, keyed by subscription id)
 * decides. Pure: what is stored and the time are arguments.
 *
 * <p>A subscription keeps its {@code created_at} across updates: its deliveries start with the events written from
 * its creation on (it never receives older events), and an update keeps their position. Deletion is final.
 */
public final class SubscriptionLifecycle {

    private SubscriptionLifecycle() {
    }

    /** The subscription's creation time after a save, or the refusal. */
    public record Saved(long createdAtMs, SubscriptionRefusal refusal) {

        public boolean isAccepted() {
            return refusal == null;
        }
    }

    /**
     * @param storedCreatedAtMs the stored subscription's creation time, empty when there is none
     * @param create            true for a create (the id must be new), false for a replace (it must exist)
     */
    public static Saved save(Optional<Long> storedCreatedAtMs, boolean create, long nowMs) {
        if (create && storedCreatedAtMs.isPresent()) {
            return new Saved(0, SubscriptionRefusal.SUBSCRIPTION_ALREADY_EXISTS);
        }
        if (!create && storedCreatedAtMs.isEmpty()) {
            return new Saved(0, SubscriptionRefusal.SUBSCRIPTION_NOT_FOUND);
        }
        return new Saved(storedCreatedAtMs.orElse(nowMs), null);
    }

    public static Optional<SubscriptionRefusal> delete(boolean exists) {
        return exists ? Optional.empty() : Optional.of(SubscriptionRefusal.SUBSCRIPTION_NOT_FOUND);
    }
}
