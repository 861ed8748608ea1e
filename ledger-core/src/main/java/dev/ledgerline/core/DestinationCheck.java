package dev.ledgerline.core;

/**
 * Where a transfer's first leg goes. The destination's checks (it exists, or is an {@code @indicator} to create,
 * and holds the transfer's currency) are decided by the destination's own writer ({@link BalanceDecisions#prepareCredit}),
 * which costs a hop through Kafka before the source can debit. A balance is never deleted and its currency never
 * changes, so once a destination has passed its check for a currency it passes it again: the source's task may
 * remember that and debit at once. Every other case goes to the destination first, so that every refusal and its
 * order stay exactly what {@link BalanceDecisions#prepareCredit} decides.
 */
public final class DestinationCheck {

    /** The first leg's route. */
    public enum Route {
        /** The destination is known good for this transfer: the source debits now, the credit follows. */
        DEBIT_NOW,
        /** The destination decides first ({@code PrepareCredit}); the debit follows if it passes. */
        CHECK_DESTINATION_FIRST
    }

    private DestinationCheck() {
    }

    /**
     * @param knownDestinationCurrency the currency the destination last passed its check with, as remembered by the
     *                                 source's task, or null when it has not seen one
     */
    public static Route route(Transfer transfer, String knownDestinationCurrency) {
        boolean known = knownDestinationCurrency != null && knownDestinationCurrency.equals(transfer.currency());
        // The cheap refusals of prepareCredit come before any destination check: leave them to it.
        boolean plainlyValid = transfer.amount().signum() > 0 && !transfer.sourceId().equals(transfer.destinationId());
        return known && plainlyValid ? Route.DEBIT_NOW : Route.CHECK_DESTINATION_FIRST;
    }
}
