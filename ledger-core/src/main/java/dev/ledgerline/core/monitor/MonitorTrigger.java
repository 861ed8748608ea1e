package dev.ledgerline.core.monitor;

/**
 * When a monitor whose condition holds sends an alert.
 * {@link #ON_CROSSING} (Ledgerline's default): once when the condition becomes true, and again only after it has been
 * false. {@link #EVERY_UPDATE} (Blnk's behaviour, opt-in with {@code "fire_on_every_update": true}): on every change of
 * the balance while the condition holds.
 */
public enum MonitorTrigger {
    ON_CROSSING,
    EVERY_UPDATE;

    public static MonitorTrigger of(boolean fireOnEveryUpdate) {
        return fireOnEveryUpdate ? EVERY_UPDATE : ON_CROSSING;
    }

    public boolean fireOnEveryUpdate() {
        return this == EVERY_UPDATE;
    }
}
