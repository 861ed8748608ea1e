package dev.ledgerline.core.lineage;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What one provider has brought into a tracked balance ({@code received}) and what debits have taken of it
 * ({@code spent}), in minor units. Blnk's shadow balance of the provider holds the same two numbers.
 */
public record ProviderFunds(String provider, BigInteger received, BigInteger spent) {

    public ProviderFunds {
        Objects.requireNonNull(provider, "provider");
        if (received.signum() < 0 || spent.signum() < 0 || spent.compareTo(received) > 0) {
            throw new IllegalArgumentException("provider funds out of range: " + received + " / " + spent);
        }
    }

    /** What a debit may still take from this provider. */
    public BigInteger available() {
        return received.subtract(spent);
    }

    ProviderFunds receive(BigInteger amount) {
        return new ProviderFunds(provider, received.add(amount), spent);
    }

    ProviderFunds spend(BigInteger amount) {
        return new ProviderFunds(provider, received, spent.add(amount));
    }
}
