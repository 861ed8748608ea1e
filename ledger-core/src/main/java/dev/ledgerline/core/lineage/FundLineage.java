package dev.ledgerline.core.lineage;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fund lineage of one tracked balance, held by its single writer in the balance's own state: its strategy, its
 * providers in order of their first credit, and its open holds. Credits tagged with a provider add to that
 * provider; debits are shared out by {@link FundAllocation} and taken from the providers they name. A hold (an
 * inflight debit, or an atomic group's leg) is shared out the same way when it is placed, but only sets the shares
 * aside: its commits spend them (a partial commit a part, shared out over the hold's shares by the same strategy),
 * its void or expiry gives them back. So a later debit never takes what a hold already took.
 */
public record FundLineage(AllocationStrategy strategy, List<ProviderFunds> providers, List<LineageHold> holds) {

    /** Blnk's metadata key naming the provider of a credit. */
    public static final String PROVIDER_KEY = "BLNK_LINEAGE_PROVIDER";
    /** Blnk's metadata key listing a debit's allocation. */
    public static final String FUND_ALLOCATION_KEY = "BLNK_FUND_ALLOCATION";

    public FundLineage {
        Objects.requireNonNull(strategy, "strategy");
        providers = List.copyOf(providers);
        holds = List.copyOf(holds);
    }

    public FundLineage(AllocationStrategy strategy, List<ProviderFunds> providers) {
        this(strategy, providers, List.of());
    }

    public static FundLineage start(AllocationStrategy strategy) {
        return new FundLineage(strategy, List.of(), List.of());
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
        return new FundLineage(strategy, next, holds);
    }

    /** Credits from several providers at once (a transfer from another tracked balance carries its allocation). */
    public FundLineage receive(List<Allocation> allocations) {
        FundLineage next = this;
        for (Allocation allocation : allocations) {
            if (allocation.amount().signum() > 0) {
                next = next.credit(allocation.provider(), allocation.amount());
            }
        }
        return next;
    }

    /** A debit of {@code amount}: what each provider pays, and the lineage after it. */
    public Debit debit(BigInteger amount) {
        List<Allocation> allocations = FundAllocation.allocate(providers, amount, strategy);
        List<ProviderFunds> next = new ArrayList<>(providers);
        for (Allocation allocation : allocations) {
            int at = indexOf(allocation.provider());
            next.set(at, next.get(at).spend(allocation.amount()));
        }
        return new Debit(new FundLineage(strategy, next, holds), allocations);
    }

    /**
     * A hold of {@code amount} for {@code transactionId}: shared out as a debit would be, but only set aside. The
     * allocations are what the hold reserved (none when no provider has funds left, and then no hold is kept).
     */
    public Debit hold(String transactionId, BigInteger amount) {
        List<Allocation> allocations = FundAllocation.allocate(providers, amount, strategy);
        if (allocations.isEmpty()) {
            return new Debit(this, allocations);
        }
        List<ProviderFunds> next = new ArrayList<>(providers);
        List<Allocation> shares = new ArrayList<>();
        for (ProviderFunds provider : providers) {
            for (Allocation allocation : allocations) {
                if (allocation.provider().equals(provider.provider())) {
                    next.set(indexOf(provider.provider()), provider.reserve(allocation.amount()));
                    shares.add(allocation);
                }
            }
        }
        List<LineageHold> nextHolds = new ArrayList<>(withoutHold(transactionId));
        nextHolds.add(new LineageHold(transactionId, amount, shares));
        return new Debit(new FundLineage(strategy, next, nextHolds), allocations);
    }

    /**
     * A commit of {@code amount} of the hold of {@code transactionId}: spends that much of the hold's shares, shared
     * out over them by the strategy (the part of a hold beyond what providers reserved has no provider). The hold is
     * forgotten once nothing of it is held. A transaction without a hold here moves nothing.
     */
    public Debit commit(String transactionId, BigInteger amount) {
        LineageHold hold = holdOf(transactionId);
        if (hold == null) {
            return new Debit(this, List.of());
        }
        List<ProviderFunds> reservedFunds = hold.shares().stream()
                .map(share -> new ProviderFunds(share.provider(), share.amount(), BigInteger.ZERO)).toList();
        List<Allocation> moved = FundAllocation.allocate(reservedFunds, amount, strategy);
        List<ProviderFunds> next = new ArrayList<>(providers);
        List<Allocation> left = new ArrayList<>();
        for (Allocation share : hold.shares()) {
            BigInteger spent = moved.stream().filter(m -> m.provider().equals(share.provider()))
                    .map(Allocation::amount).findFirst().orElse(BigInteger.ZERO);
            int at = indexOf(share.provider());
            next.set(at, next.get(at).spendReserved(spent));
            if (share.amount().compareTo(spent) > 0) {
                left.add(new Allocation(share.provider(), share.amount().subtract(spent)));
            }
        }
        BigInteger held = hold.held().subtract(amount).max(BigInteger.ZERO);
        List<LineageHold> nextHolds = new ArrayList<>(withoutHold(transactionId));
        if (held.signum() > 0) {
            nextHolds.add(new LineageHold(transactionId, held, left));
        } else {
            // nothing is held any more, so nothing can be reserved for it (shares never exceed the hold)
            for (Allocation share : left) {
                int at = indexOf(share.provider());
                next.set(at, next.get(at).unreserve(share.amount()));
            }
        }
        return new Debit(new FundLineage(strategy, next, nextHolds), moved);
    }

    /** The void (or expiry, or group abort) of the hold of {@code transactionId}: its shares are given back. */
    public FundLineage release(String transactionId) {
        LineageHold hold = holdOf(transactionId);
        if (hold == null) {
            return this;
        }
        List<ProviderFunds> next = new ArrayList<>(providers);
        for (Allocation share : hold.shares()) {
            int at = indexOf(share.provider());
            next.set(at, next.get(at).unreserve(share.amount()));
        }
        return new FundLineage(strategy, next, withoutHold(transactionId));
    }

    /** Whether the transaction holds funds of this balance's providers. */
    public boolean holds(String transactionId) {
        return holdOf(transactionId) != null;
    }

    private LineageHold holdOf(String transactionId) {
        for (LineageHold hold : holds) {
            if (hold.transactionId().equals(transactionId)) {
                return hold;
            }
        }
        return null;
    }

    private List<LineageHold> withoutHold(String transactionId) {
        return holds.stream().filter(h -> !h.transactionId().equals(transactionId)).toList();
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
