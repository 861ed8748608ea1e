package dev.ledgerline.core.lineage;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fund lineage of one tracked balance, held by its single writer in the balance's own state: its strategy and
 * its providers in order of their first credit. Credits tagged with a provider add to that provider; debits are
 * shared out by {@link FundAllocation} and taken from the providers they name.
 */
public record FundLineage(AllocationStrategy strategy, List<ProviderFunds> providers) {

    /** Blnk's metadata key naming the provider of a credit. */
    public static final String PROVIDER_KEY = "BLNK_LINEAGE_PROVIDER";
    /** Blnk's metadata key listing a debit's allocation. */
    public static final String FUND_ALLOCATION_KEY = "BLNK_FUND_ALLOCATION";

    public FundLineage {
        Objects.requireNonNull(strategy, "strategy");
        providers = List.copyOf(providers);
    }

    public static FundLineage start(AllocationStrategy strategy) {
        return new FundLineage(strategy, List.of());
    }

    /** A credit of {@code amount} from {@code provider}: a new provider goes last (it arrived last). */
    public FundLineage credit(String provider, BigInteger amount) {
        List<ProviderFunds> next = new ArrayList<>(providers);
        int at = indexOf(provider);
        if (at < 0) {
            next.add(new ProviderFunds(provider, amount, BigInteger.ZERO));
        } else {
            next.set(at, providers.get(at).receive(amount));
        }
        return new FundLineage(strategy, next);
    }

    /** A debit of {@code amount}: what each provider pays, and the lineage after it. */
    public Debit debit(BigInteger amount) {
        List<Allocation> allocations = FundAllocation.allocate(providers, amount, strategy);
        List<ProviderFunds> next = new ArrayList<>(providers);
        for (Allocation allocation : allocations) {
            int at = indexOf(allocation.provider());
            next.set(at, next.get(at).spend(allocation.amount()));
        }
        return new Debit(new FundLineage(strategy, next), allocations);
    }

    private int indexOf(String provider) {
        for (int i = 0; i < providers.size(); i++) {
            if (providers.get(i).provider().equals(provider)) {
                return i;
            }
        }
        return -1;
    }

    public record Debit(FundLineage after, List<Allocation> allocations) {
    }
}
