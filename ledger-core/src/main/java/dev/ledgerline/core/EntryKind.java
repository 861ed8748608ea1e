package dev.ledgerline.core;

/** What a balance entry records. Names match the wire enum {@code EntryKind}. */
public enum EntryKind {
    /** The balance was created; version 0, all amounts zero. */
    OPEN,
    /** Settled debit: {@code debit_balance += amount}. */
    DEBIT,
    /** Settled credit: {@code credit_balance += amount}. */
    CREDIT,
    /** Hold at the source of an inflight transaction: {@code inflight_debit_balance += amount}. */
    INFLIGHT_DEBIT,
    /** Hold at the destination: {@code inflight_credit_balance += amount}. */
    INFLIGHT_CREDIT,
    /** Commit at the source: {@code inflight_debit_balance -= amount; debit_balance += amount}. */
    COMMIT_DEBIT,
    /** Commit at the destination: {@code inflight_credit_balance -= amount; credit_balance += amount}. */
    COMMIT_CREDIT,
    /** Void at the source: {@code inflight_debit_balance -= amount}. */
    VOID_DEBIT,
    /** Void at the destination: {@code inflight_credit_balance -= amount}. */
    VOID_CREDIT,
    /** The balance now names another identity ({@code PUT /balances/{id}/identity}); no amount moves. */
    IDENTITY,
    /** The balance's {@code meta_data} changed ({@code POST /{id}/metadata}); no amount moves. */
    METADATA
}
