package dev.ledgerline.bench.chaos;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The crash matrix's verdict, from facts gathered at quiescence (no I/O here, so every rule is unit-tested on
 * doctored facts): what the client was told, what the event log holds and what the projection holds.
 *
 * <ul>
 *   <li>every acknowledged transfer has exactly one final outcome ({@code <reference>_q}, APPLIED or REJECTED) in the
 *       log, the one its shape predicts; a transfer whose answer was lost has at most one;</li>
 *   <li>an APPLIED transfer has exactly one DEBIT and one CREDIT entry, in the log and in the projection; any other
 *       transfer none; no entry names a transaction the load never sent;</li>
 *   <li>the projection holds the same outcome as the log;</li>
 *   <li>each balance of the run's ledger equals its last entry and the signed sum of its entries; the run's
 *       balances sum to zero per currency, and so do all balances of the database.</li>
 * </ul>
 */
final class CrashAudit {

    static final String APPLIED = "APPLIED";
    static final String REJECTED = "REJECTED";

    /** What the load's client knows: reference → expected outcome, for acknowledged and for unanswered transfers. */
    record ClientView(Map<String, String> acknowledged, Map<String, String> unanswered) { }

    /** Entries of one transaction by kind. */
    record EntryCounts(int debits, int credits, int others) {
        static final EntryCounts NONE = new EntryCounts(0, 0, 0);
        static final EntryCounts ONE_TRANSFER = new EntryCounts(1, 1, 0);

        EntryCounts plus(String kind) {
            return switch (kind) {
                case "DEBIT" -> new EntryCounts(debits + 1, credits, others);
                case "CREDIT" -> new EntryCounts(debits, credits + 1, others);
                default -> new EntryCounts(debits, credits, others + 1);
            };
        }
    }

    /** One balance of the run's ledger as the projection holds it. */
    record BalanceFacts(String balanceId, String currency, BigInteger balance, BigInteger signedEntrySum,
                        BigInteger lastEntryBalance) { }

    /**
     * What the system holds. {@code logOutcomes}: client reference → statuses of every {@code <reference>_q}
     * record in {@code ledger.transactions} (read_committed); {@code projectedOutcomes}: reference → status of the
     * {@code _q} row in PostgreSQL; entries by transaction id, from {@code ledger.entries} and from
     * {@code balance_entries}.
     */
    record SystemView(Map<String, List<String>> logOutcomes, Map<String, String> projectedOutcomes,
                      Map<String, EntryCounts> logEntries, Map<String, EntryCounts> projectedEntries,
                      List<BalanceFacts> ledgerBalances, Map<String, BigInteger> allBalancesByCurrency) { }

    /** The verdict; {@code violations} is empty exactly when the run passes. */
    record Verdict(int acknowledged, int unanswered, int applied, int rejected, int lost, int duplicatedOutcomes,
                   int appliedTwice, int wrongOutcome, int unansweredLanded, int projectionMismatches,
                   List<String> violations) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    private CrashAudit() { }

    static Verdict audit(ClientView client, SystemView system, Function<String, String> transactionIdOfReference) {
        Tally t = new Tally();
        Set<String> sentTransactions = new HashSet<>();
        Map<String, String> everySent = new TreeMap<>(client.unanswered());
        everySent.putAll(client.acknowledged());
        everySent.forEach((reference, expected) -> {
            sentTransactions.add(transactionIdOfReference.apply(reference));
            auditTransfer(reference, expected, client.acknowledged().containsKey(reference), system,
                    transactionIdOfReference.apply(reference), t);
        });
        for (String reference : system.logOutcomes().keySet()) {
            if (!everySent.containsKey(reference)) {
                t.violation("phantom outcome: %s_q in the log, but the load never sent %s", reference, reference);
            }
        }
        for (String transactionId : union(system.logEntries().keySet(), system.projectedEntries().keySet())) {
            if (!sentTransactions.contains(transactionId)) {
                t.violation("phantom entries: transaction %s has entries in the run's ledger but was never sent", transactionId);
            }
        }
        auditBalances(system, t);
        return new Verdict(client.acknowledged().size(), client.unanswered().size(), t.applied, t.rejected, t.lost,
                t.duplicatedOutcomes, t.appliedTwice, t.wrongOutcome, t.unansweredLanded, t.projectionMismatches,
                List.copyOf(t.violations));
    }

    private static void auditTransfer(String reference, String expected, boolean acknowledged, SystemView system,
                                      String transactionId, Tally t) {
        List<String> outcomes = system.logOutcomes().getOrDefault(reference, List.of());
        if (outcomes.isEmpty() && acknowledged) {
            t.lost++;
            t.violation("lost: %s was acknowledged but has no outcome record", reference);
        }
        if (outcomes.size() > 1) {
            t.duplicatedOutcomes++;
            t.violation("duplicated: %s has %d outcome records %s", reference, outcomes.size(), outcomes);
        }
        String outcome = outcomes.isEmpty() ? null : outcomes.get(0);
        if (outcome != null) {
            if (!acknowledged) {
                t.unansweredLanded++;
            }
            if (APPLIED.equals(outcome)) {
                t.applied++;
            } else if (REJECTED.equals(outcome)) {
                t.rejected++;
            }
            if (!outcome.equals(expected)) {
                t.wrongOutcome++;
                t.violation("wrong outcome: %s is %s, expected %s", reference, outcome, expected);
            }
            String projected = system.projectedOutcomes().get(reference);
            if (!outcome.equals(projected)) {
                t.projectionMismatches++;
                t.violation("projection: %s_q is %s in the log but %s in PostgreSQL", reference, outcome, projected);
            }
        }
        EntryCounts wanted = APPLIED.equals(outcome) ? EntryCounts.ONE_TRANSFER : EntryCounts.NONE;
        EntryCounts inLog = system.logEntries().getOrDefault(transactionId, EntryCounts.NONE);
        EntryCounts inProjection = system.projectedEntries().getOrDefault(transactionId, EntryCounts.NONE);
        if (inLog.debits() > 1 || inLog.credits() > 1) {
            t.appliedTwice++;
        }
        if (!inLog.equals(wanted)) {
            t.violation("entries: %s (%s, outcome %s) has %s in ledger.entries, expected %s",
                    reference, transactionId, outcome, inLog, wanted);
        }
        if (!inProjection.equals(wanted)) {
            t.projectionMismatches++;
            t.violation("projection: %s (%s) has %s in balance_entries, expected %s", reference, transactionId, inProjection, wanted);
        }
    }

    private static void auditBalances(SystemView system, Tally t) {
        Map<String, BigInteger> ledgerSums = new TreeMap<>();
        for (BalanceFacts b : system.ledgerBalances()) {
            ledgerSums.merge(b.currency(), b.balance(), BigInteger::add);
            if (!b.balance().equals(b.signedEntrySum())) {
                t.violation("balance %s is %s but its entries sum to %s", b.balanceId(), b.balance(), b.signedEntrySum());
            }
            if (!b.balance().equals(b.lastEntryBalance())) {
                t.violation("balance %s is %s but its last entry says %s", b.balanceId(), b.balance(), b.lastEntryBalance());
            }
        }
        ledgerSums.forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                t.violation("the run's %s balances sum to %s, not 0", currency, sum);
            }
        });
        system.allBalancesByCurrency().forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                t.violation("all %s balances of the database sum to %s, not 0", currency, sum);
            }
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static final class Tally {
        int applied;
        int rejected;
        int lost;
        int duplicatedOutcomes;
        int appliedTwice;
        int wrongOutcome;
        int unansweredLanded;
        int projectionMismatches;
        final List<String> violations = new ArrayList<>();

        void violation(String fmt, Object... args) {
            violations.add(String.format(java.util.Locale.ROOT, fmt, args));
        }
    }
}
