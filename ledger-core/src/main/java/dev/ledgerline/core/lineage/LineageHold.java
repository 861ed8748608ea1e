package dev.ledgerline.core.lineage;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * An open hold on a tracked balance (an inflight transaction, or an atomic group's leg waiting for its group): the
 * amount still held and what each provider set aside for it ({@code shares}, in the providers' order of first
 * credit). A commit spends part of the shares, a void gives the rest back.
 */
public record LineageHold(String transactionId, BigInteger held, List<Allocation> shares) {

    public LineageHold {
        Objects.requireNonNull(transactionId, "transactionId");
        if (held.signum() < 0) {
            throw new IllegalArgumentException("negative hold " + held);
        }
        shares = List.copyOf(shares);
    }

    /** What the providers still have set aside for this hold. */
    public BigInteger reserved() {
        return shares.stream().map(Allocation::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
