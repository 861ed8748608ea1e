package dev.ledgerline.core;

import java.math.BigInteger;

/**
 * What a source decides when a transfer reaches it and its destination must be checked first
 * ({@link DestinationCheck.Route#CHECK_DESTINATION_FIRST}). The destination's check is a hop through another
 * partition; a transfer to a destination already known is debited at once. Deciding funds only when the check came
 * back would let a later transfer to a known destination overtake an earlier one, so under tight funds the wrong one
 * would be refused. Instead the source decides funds now, in the order transfers reach it, and sets the amount aside
 * ({@code reserved}: not public, in no entry) until the destination answers. Later decisions see the reservation as
 * spent.
 *
 * <p>Refusals keep their order: the destination's own refusal comes first (it is checked first, as before), so a
 * refusal decided here travels with the transfer and becomes the outcome only if the destination passes.
 */
public final class SourceArrival {

    /** The decision on arrival. */
    public sealed interface Decision {
    }

    /** Funds are there: set {@code amount} aside until the destination answers. */
    public record Reserve(BigInteger amount) implements Decision {
    }

    /**
     * Nothing to set aside: the transfer may overdraw without limit, or its {@code @indicator} source does not exist
     * yet and is created (with nothing to spend) when the debit is decided.
     */
    public record NothingToReserve() implements Decision {
    }

    /** The source refuses; the outcome unless the destination refuses first. */
    public record Refuse(RejectionReason reason) implements Decision {
    }

    private SourceArrival() {
    }

    /**
     * @param reserved what earlier transfers that reached this source have set aside and not yet spent or freed
     */
    public static Decision decide(Balance source, BigInteger reserved, Transfer transfer) {
        if (transfer.amount().signum() <= 0) {
            return new Refuse(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }
        if (source == null) {
            return transfer.sourceIndicator() == null ? new Refuse(RejectionReason.SOURCE_NOT_FOUND)
                    : new NothingToReserve();
        }
        RejectionReason refusal = BalanceDecisions.spendingRefusal(source, reserved, transfer);
        if (refusal != null) {
            return new Refuse(refusal);
        }
        boolean unlimitedOverdraft = transfer.allowOverdraft() && transfer.overdraftLimit().signum() == 0;
        return unlimitedOverdraft ? new NothingToReserve() : new Reserve(transfer.amount());
    }

    /** What stays set aside once {@code amount} of a reservation is spent or freed; a shortfall is a bug. */
    public static BigInteger release(BigInteger reserved, BigInteger amount, String transactionId) {
        BigInteger left = reserved.subtract(amount);
        if (left.signum() < 0) {
            throw new LedgerInvariantViolation("reservation of " + amount + " for " + transactionId
                    + " exceeds what is reserved: " + reserved);
        }
        return left;
    }
}
