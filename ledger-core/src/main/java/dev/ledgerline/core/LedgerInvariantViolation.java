package dev.ledgerline.core;

/**
 * A broken ledger invariant: a programming error, never a business outcome. It extends
 * {@link AssertionError} so that no {@code catch (Exception e)} swallows it; the processor's
 * stream thread dies rather than write a wrong balance.
 */
public final class LedgerInvariantViolation extends AssertionError {
    public LedgerInvariantViolation(String message) {
        super(message);
    }
}
