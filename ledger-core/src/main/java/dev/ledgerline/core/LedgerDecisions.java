package dev.ledgerline.core;

import java.util.Optional;

/** Rules of the ledger registry (ledgers and which balances they may hold). Pure. */
public final class LedgerDecisions {

    private LedgerDecisions() {
    }

    /** Whether {@code ledgerId} exists given what the registry knows; the General Ledger always does. */
    public static boolean exists(String ledgerId, boolean known) {
        return known || Ids.GENERAL_LEDGER_ID.equals(ledgerId);
    }

    /** A ledger id may be created once. */
    public static Optional<RejectionReason> createLedger(String ledgerId, boolean known) {
        return exists(ledgerId, known) ? Optional.of(RejectionReason.LEDGER_ALREADY_EXISTS) : Optional.empty();
    }

    /** A balance may be created only in an existing ledger. */
    public static Optional<RejectionReason> createBalance(String ledgerId, boolean known) {
        return exists(ledgerId, known) ? Optional.empty() : Optional.of(RejectionReason.LEDGER_NOT_FOUND);
    }
}
