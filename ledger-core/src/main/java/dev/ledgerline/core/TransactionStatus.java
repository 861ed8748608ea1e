package dev.ledgerline.core;

/**
 * Where a transaction stands. The public records ({@code ledger.transactions}) carry Blnk's names; {@link #RESERVED}
 * is internal to the coordinator and never published.
 */
public enum TransactionStatus {
    /** Waiting for its {@code scheduled_for} time. */
    SCHEDULED,
    /** Accepted, its legs on their way. */
    QUEUED,
    /** An atomic group's leg whose hold is in place while its group has not decided yet (internal). */
    RESERVED,
    /** Held at the source; commit or void decides the rest. */
    INFLIGHT,
    /** Applied (or a hold committed in full). */
    APPLIED,
    /** Refused; nothing moved. */
    REJECTED,
    /** A hold released. */
    VOID;

    /** The status a stored or wire string names; null for null (a transaction its coordinator never saw). */
    public static TransactionStatus fromWire(String name) {
        return name == null ? null : valueOf(name);
    }
}
