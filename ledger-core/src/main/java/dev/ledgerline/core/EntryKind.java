package dev.ledgerline.core;

/** What a balance entry records. Names match the wire enum {@code EntryKind}. */
public enum EntryKind {
    /** The balance was created; version 0, all amounts zero. */
    OPEN,
    /** Settled debit: {@code debit_balance += amount}. */
    DEBIT,
    /** Settled credit: {@code credit_balance += amount}. */
    CREDIT
}
