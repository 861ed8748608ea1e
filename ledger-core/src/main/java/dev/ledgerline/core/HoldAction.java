package dev.ledgerline.core;

/** What happens to (part of) a hold: settled into the balances, or released. */
public enum HoldAction {
    COMMIT,
    VOID
}
