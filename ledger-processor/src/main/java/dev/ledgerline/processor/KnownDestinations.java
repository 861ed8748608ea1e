package dev.ledgerline.processor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The destinations a balance-worker task has seen pass their check ({@code PrepareCredit}), with the currency they
 * passed it for: what {@link dev.ledgerline.core.DestinationCheck} needs to let a source debit without first
 * sending the transfer to its destination. One per task, in memory only: it is a cache of facts that never stop
 * being true (a balance is never deleted, its currency never changes), so losing it (restart, rebalance) costs
 * only the hop it saves, never a decision. Least recently used entries go first beyond {@link #CAPACITY}.
 */
final class KnownDestinations {

    /** About a megabyte per task: enough for the destinations a partition's sources pay into most often. */
    static final int CAPACITY = 10_000;

    private final Map<String, String> currencyByBalance = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The currency {@code balanceId} passed its check with, or null when this task has not seen it pass. */
    String currencyOf(String balanceId) {
        return currencyByBalance.get(balanceId);
    }

    void passedCheck(String balanceId, String currency) {
        currencyByBalance.put(balanceId, currency);
    }

    int size() {
        return currencyByBalance.size();
    }
}
