package dev.ledgerline.core;

import java.util.List;

/** What a balance worker does with a command: apply it (new state plus sealed entries) or reject it. */
public sealed interface Decision permits Decision.Applied, Decision.Rejected {

    /** Apply: {@code balance} is the new state; {@code entries} (possibly empty) are to be written in order. */
    record Applied(Balance balance, List<Entry> entries) implements Decision {
        public Applied {
            entries = List.copyOf(entries);
        }
    }

    /** Reject: nothing changes. */
    record Rejected(RejectionReason reason) implements Decision {
    }

    default boolean isApplied() {
        return this instanceof Applied;
    }
}
