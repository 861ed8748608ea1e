package dev.ledgerline.core.lineage;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What one provider has brought into a tracked balance ({@code received}), what debits have taken of it
 * ({@code spent}) and what open holds (inflight transactions, atomic group legs) have set aside of it
 * ({@code reserved}), in minor units. Blnk's shadow balance of the provider holds the first two numbers.
 */
public record ProviderFunds(String provider, BigInteger received, BigInteger spent, BigInteger reserved) {

    public ProviderFunds {
        Objects.requireNonNull(provider, "provider");
        if (received.signum() < 0 || spent.signum() < 0 || reserved.signum() < 0
                || spent.add(reserved).compareTo(received) > 0) {
            throw new IllegalArgumentException("provider funds out of range: " + received + " / " + spent + " / "
                    + reserved);
        }
    }

    /** Funds nothing has set aside. */
    public ProviderFunds(String provider, BigInteger received, BigInteger spent) {
        this(provider, received, spent, BigInteger.ZERO);
    }

    /** What a debit or a new hold may still take from this provider. */
    public BigInteger available() {
        return received.subtract(spent).subtract(reserved);
    }

    ProviderFunds receive(BigInteger amount) {
        return new ProviderFunds(provider, received.add(amount), spent, reserved);
    }

    ProviderFunds spend(BigInteger amount) {
        return new ProviderFunds(provider, received, spent.add(amount), reserved);
    }

    ProviderFunds reserve(BigInteger amount) {
        return new ProviderFunds(provider, received, spent, reserved.add(amount));
    }

    /** A reserved part is spent (a hold committed). */
    ProviderFunds spendReserved(BigInteger amount) {
        return new ProviderFunds(provider, received, spent.add(amount), reserved.subtract(amount));
    }

    /** A reserved part is given back (a hold voided, expired or aborted with its group). */
    ProviderFunds unreserve(BigInteger amount) {
        return new ProviderFunds(provider, received, spent, reserved.subtract(amount));
    }
}
