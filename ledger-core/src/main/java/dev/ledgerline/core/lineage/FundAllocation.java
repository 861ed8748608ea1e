package dev.ledgerline.core.lineage;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares a debit out over providers' remaining funds, exactly, in integer minor units. Pure and deterministic: the
 * same providers (in order of their first credit) and amount always give the same allocations.
 * <ul>
 * <li>Never more than a provider has left; never more than the debit. A debit larger than all providers' funds
 * together (overdraft, or money that came in untagged) allocates what there is: the rest has no provider, as in
 * Blnk.</li>
 * <li>FIFO takes providers in order of their first credit, LIFO in reverse; each is emptied before the next.</li>
 * <li>PROPORTIONAL gives each provider {@code floor(amount × available / total)}; the few units left over (fewer
 * than the number of providers) go one each to the providers in order of first credit that still have funds, so
 * the shares always add up to the amount. Blnk hands its whole remainder to the last provider and can leave part of
 * the debit unallocated when that one runs out; this rule never does.</li>
 * <li>Providers with nothing left and zero shares are not listed.</li>
 * </ul>
 */
public final class FundAllocation {

    private FundAllocation() {
    }

    public static List<Allocation> allocate(List<ProviderFunds> providers, BigInteger amount,
                                            AllocationStrategy strategy) {
        List<ProviderFunds> funded = providers.stream().filter(p -> p.available().signum() > 0).toList();
        if (amount.signum() <= 0 || funded.isEmpty()) {
            return List.of();
        }
        return switch (strategy) {
            case FIFO -> sequential(funded, amount);
            case LIFO -> sequential(reversed(funded), amount);
            case PROPORTIONAL -> proportional(funded, amount);
        };
    }

    private static List<ProviderFunds> reversed(List<ProviderFunds> providers) {
        List<ProviderFunds> reversed = new ArrayList<>(providers);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static List<Allocation> sequential(List<ProviderFunds> ordered, BigInteger amount) {
        List<Allocation> allocations = new ArrayList<>();
        BigInteger remaining = amount;
        for (ProviderFunds provider : ordered) {
            if (remaining.signum() == 0) {
                break;
            }
            BigInteger taken = provider.available().min(remaining);
            allocations.add(new Allocation(provider.provider(), taken));
            remaining = remaining.subtract(taken);
        }
        return List.copyOf(allocations);
    }

    private static List<Allocation> proportional(List<ProviderFunds> funded, BigInteger amount) {
        BigInteger total = funded.stream().map(ProviderFunds::available).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger target = amount.min(total);
        BigInteger[] shares = new BigInteger[funded.size()];
        BigInteger given = BigInteger.ZERO;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = target.multiply(funded.get(i).available()).divide(total);
            given = given.add(shares[i]);
        }
        BigInteger leftOver = target.subtract(given);
        for (int i = 0; i < shares.length && leftOver.signum() > 0; i++) {
            if (shares[i].compareTo(funded.get(i).available()) < 0) {
                shares[i] = shares[i].add(BigInteger.ONE);
                leftOver = leftOver.subtract(BigInteger.ONE);
            }
        }
        List<Allocation> allocations = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            if (shares[i].signum() > 0) {
                allocations.add(new Allocation(funded.get(i).provider(), shares[i]));
            }
        }
        return List.copyOf(allocations);
    }
}
