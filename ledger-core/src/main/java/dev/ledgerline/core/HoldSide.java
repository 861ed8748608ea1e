package dev.ledgerline.core;

/** Which balance of an inflight transaction a hold action applies to. The source goes first. */
public enum HoldSide {
    SOURCE,
    DESTINATION
}
