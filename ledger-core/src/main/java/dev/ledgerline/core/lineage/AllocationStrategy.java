package dev.ledgerline.core.lineage;

import java.util.Locale;
import java.util.Optional;

/** How a debit from a balance that tracks fund lineage is shared out over its providers' remaining funds (Blnk's). */
public enum AllocationStrategy {
    /** The provider whose funds arrived first is spent first. Blnk's default. */
    FIFO,
    /** The provider whose funds arrived last is spent first. */
    LIFO,
    /** Every provider pays in proportion to what it still has. */
    PROPORTIONAL;

    /** Blnk trims and upper-cases the text; empty means the default. Anything else is not a strategy. */
    public static Optional<AllocationStrategy> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(FIFO);
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notOne) {
            return Optional.empty();
        }
    }
}
