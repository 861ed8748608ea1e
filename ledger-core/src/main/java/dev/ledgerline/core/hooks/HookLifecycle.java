package dev.ledgerline.core.hooks;

import java.util.Optional;

/**
 * What the single owner of hooks (the processor's ledger registry, keyed by hook id) decides. Pure: the stored
 * state and the time are arguments.
 *
 * <p>A hook keeps its {@code created_at} across updates. {@code active_since} is when it last became active: its
 * deliveries start with the transaction records written from then on, so a hook created now does not announce the
 * past, and one switched off and on again does not announce what happened while it was off (as in Blnk, where an
 * inactive hook is simply skipped). It stays unchanged while the hook stays active, so an update of the URL or
 * timeout of an active hook continues where its deliveries were.
 */
public final class HookLifecycle {

    private HookLifecycle() {
    }

    /** What the owner holds of one hook, or nothing. */
    public record Stored(long createdAtMs, Long activeSinceMs) {
    }

    /** The hook's times after a save, or the refusal. */
    public record Saved(long createdAtMs, Long activeSinceMs, HookRefusal refusal) {

        public boolean isAccepted() {
            return refusal == null;
        }

        static Saved refused(HookRefusal refusal) {
            return new Saved(0, null, refusal);
        }
    }

    /**
     * @param create true for {@code POST /hooks} (the id must be new), false for {@code PUT /hooks/{id}} (it must
     *               exist)
     */
    public static Saved save(Optional<Stored> stored, boolean create, boolean active, long nowMs) {
        if (create && stored.isPresent()) {
            return Saved.refused(HookRefusal.HOOK_ALREADY_EXISTS);
        }
        if (!create && stored.isEmpty()) {
            return Saved.refused(HookRefusal.HOOK_NOT_FOUND);
        }
        long createdAt = stored.map(Stored::createdAtMs).orElse(nowMs);
        Long wasActiveSince = stored.map(Stored::activeSinceMs).orElse(null);
        Long activeSince = !active ? null : wasActiveSince != null ? wasActiveSince : nowMs;
        return new Saved(createdAt, activeSince, null);
    }

    public static Optional<HookRefusal> delete(Optional<Stored> stored) {
        return stored.isPresent() ? Optional.empty() : Optional.of(HookRefusal.HOOK_NOT_FOUND);
    }
}
