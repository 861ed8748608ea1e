package dev.ledgerline.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/*
 * Goal: under a realistic, skewed workload the processor's decisions match an independent model
 * of Blnk's rules step by step, so any divergence is caught at the operation that caused it.
 * Method: a seeded simulation (system property ledger.sim.seed reproduces one run; otherwise a
 * fixed seed plus a few fresh random seeds) drives ThreeStepLedger, with a coordinator that
 * deduplicates references, through openings (some duplicate), @World funding with allow_overdraft,
 * transfers concentrated on a few hot balances, boundary amounts, overdraft limits, unknown
 * balances, currency mismatches, @indicator destinations, bad and huge amounts. An Auditor written
 * only with BigInteger maps (it never calls BalanceDecisions) predicts every outcome and balance;
 * after every operation outcome, every balance, conservation and the new hash-chain links are
 * checked. A failure names the seed and the last operations.
 */
class LedgerSimulationTest {

    static final long FIXED_SEED = 20_240_611L;
    static final int RANDOM_SEEDS = 3;
    static final int OPERATIONS = 15_000;
    static final List<String> CURRENCIES = List.of("USD", "EUR");

    @TestFactory
    Stream<DynamicTest> the_processor_agrees_with_an_independent_auditor_after_every_operation() {
        String pinned = System.getProperty("ledger.sim.seed");
        List<Long> seeds = new ArrayList<>();
        if (pinned != null && !pinned.isBlank()) {
            seeds.add(Long.parseLong(pinned.trim()));
        } else {
            seeds.add(FIXED_SEED);
            SecureRandom fresh = new SecureRandom();
            for (int i = 0; i < RANDOM_SEEDS; i++) {
                seeds.add(fresh.nextLong());
            }
        }
        return seeds.stream().map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Simulation(seed).run()));
    }

    /** The independent expectation: balances as plain numbers, Blnk's rules written out again. */
    static final class Auditor {
        static final class Bal {
            final String currency;
            BigInteger credit = BigInteger.ZERO;
            BigInteger debit = BigInteger.ZERO;
            long version;

            Bal(String currency) {
                this.currency = currency;
            }
        }

        final Map<String, Bal> balances = new HashMap<>();
        final Set<String> references = new HashSet<>();

        String open(String id, String currency) {
            if (balances.containsKey(id)) {
                return "BALANCE_ALREADY_EXISTS";
            }
            balances.put(id, new Bal(currency));
            return "APPLIED";
        }

        String transfer(String reference, String src, boolean srcIsIndicator, String dst, boolean dstIsIndicator,
                        BigInteger amount, String currency, boolean allowOverdraft, BigInteger limit) {
            if (!references.add(reference)) {
                return "DUPLICATE_REFERENCE";
            }
            if (amount.compareTo(BigInteger.ZERO) <= 0) {
                return "AMOUNT_MUST_BE_POSITIVE";
            }
            if (src.equals(dst)) {
                return "SOURCE_EQUALS_DESTINATION";
            }
            Bal to = balances.get(dst);
            if (to == null && !dstIsIndicator) {
                return "DESTINATION_NOT_FOUND";
            }
            if (to == null) {
                to = new Bal(currency); // an @indicator destination is opened before the debit is decided
                balances.put(dst, to);
            } else if (!to.currency.equals(currency)) {
                return "DESTINATION_CURRENCY_MISMATCH";
            }
            Bal from = balances.get(src);
            boolean createSource = false;
            if (from == null) {
                if (!srcIsIndicator) {
                    return "SOURCE_NOT_FOUND";
                }
                from = new Bal(currency);
                createSource = true;
            }
            if (!from.currency.equals(currency)) {
                return "SOURCE_CURRENCY_MISMATCH";
            }
            BigInteger spendable = from.credit.subtract(from.debit);
            boolean ok;
            String refusal = null;
            if (allowOverdraft && limit.equals(BigInteger.ZERO)) {
                ok = true;
            } else if (spendable.compareTo(amount) >= 0) {
                ok = true;
            } else if (limit.compareTo(BigInteger.ZERO) > 0) {
                ok = spendable.subtract(amount).compareTo(limit.negate()) >= 0;
                refusal = "OVERDRAFT_LIMIT_EXCEEDED";
            } else {
                ok = false;
                refusal = "INSUFFICIENT_FUNDS";
            }
            if (!ok) {
                return refusal;
            }
            if (createSource) {
                balances.put(src, from); // version 0 = OPEN
            }
            from.debit = from.debit.add(amount);
            from.version++;
            to = balances.get(dst); // same object as from when src == dst
            to.credit = to.credit.add(amount);
            to.version++;
            return "APPLIED";
        }
    }

    /** One seeded run. */
    static final class Simulation {
        final long seed;
        final Random random;
        final LedgerPropertiesTest.ThreeStepLedger ledger = new LedgerPropertiesTest.ThreeStepLedger();
        final Set<String> coordinatorSeen = new HashSet<>(); // the coordinator's store: transaction ids
        final Auditor auditor = new Auditor();
        final Deque<String> lastOps = new ArrayDeque<>();
        final Map<String, Integer> checkedEntries = new HashMap<>();
        final Map<String, String> plainCurrency = new HashMap<>();
        final List<String> hot = new ArrayList<>();
        final List<String> cold = new ArrayList<>();
        final List<String> usedReferences = new ArrayList<>();
        final Map<String, Integer> outcomes = new HashMap<>();
        int refCounter;

        Simulation(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            for (int i = 0; i < 3; i++) {
                hot.add("bln_hot" + i);
            }
            for (int i = 0; i < 25; i++) {
                cold.add("bln_cold" + i);
            }
            for (String id : hot) {
                plainCurrency.put(id, CURRENCIES.get(random.nextInt(CURRENCIES.size())));
            }
            for (String id : cold) {
                plainCurrency.put(id, CURRENCIES.get(random.nextInt(CURRENCIES.size())));
            }
        }

        void run() {
            for (int op = 0; op < OPERATIONS; op++) {
                try {
                    step(op);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("simulation diverged at operation " + op + " with seed " + seed
                            + " (reproduce: mvn -pl ledger-core verify -Dtest=LedgerSimulationTest -Dledger.sim.seed=" + seed
                            + ")\nlast operations:\n  " + String.join("\n  ", lastOps) + "\n" + e.getMessage(), e);
                }
            }
            System.out.println("seed " + seed + ": " + new java.util.TreeMap<>(outcomes));
            // A workload that never applies or never rejects would prove little.
            if (outcomes.getOrDefault("APPLIED", 0) < OPERATIONS / 10 || outcomes.size() < 8) {
                throw new AssertionError("seed " + seed + ": workload too one-sided: " + outcomes);
            }
        }

        private String anyPlain() {
            // hot balances take most of the traffic; some ids are never opened (unknown balances)
            int r = random.nextInt(100);
            if (r < 70) {
                return hot.get(random.nextInt(hot.size()));
            }
            if (r < 97) {
                return cold.get(random.nextInt(cold.size()));
            }
            return "bln_unknown" + random.nextInt(5);
        }

        private String currencyFor(String id) {
            // usually the balance's own currency; sometimes another (mismatch)
            String own = plainCurrency.get(id);
            if (own == null || random.nextInt(100) < 4) {
                return CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            }
            return own;
        }

        private BigInteger available(String id) {
            Balance b = ledger.balances.get(id);
            return b == null ? BigInteger.ZERO : b.available();
        }

        private void step(int op) {
            int kind = random.nextInt(100);
            if (op < 40 || kind < 3) {
                openOp(op < 40 ? (op < 3 ? hot.get(op) : anyPlain()) : anyPlain());
            } else if (kind < 20) {
                String dst = anyPlain();
                String currency = currencyFor(dst);
                BigInteger amount = random.nextInt(50) == 0 ? BigInteger.TEN.pow(20 + random.nextInt(20))
                        : BigInteger.valueOf(1 + random.nextInt(100_000));
                transferOp(newReference(), "@World", dst, false, amount, currency, true, BigInteger.ZERO);
            } else if (kind < 23 && !usedReferences.isEmpty()) {
                // a client retry: same reference, same or different body
                String reference = usedReferences.get(random.nextInt(usedReferences.size()));
                String src = anyPlain();
                String dst = anyPlain();
                transferOp(reference, src, dst, false, BigInteger.ONE, currencyFor(src), false, BigInteger.ZERO);
            } else if (kind < 27) {
                // fees to an @indicator destination, created on first use
                String src = anyPlain();
                String currency = currencyFor(src);
                transferOp(newReference(), src, "@Fees", true, BigInteger.valueOf(1 + random.nextInt(500)), currency,
                        false, BigInteger.ZERO);
            } else {
                String src = anyPlain();
                String dst = random.nextInt(100) < 2 ? src : anyPlain();
                String currency = currencyFor(random.nextBoolean() ? src : dst);
                BigInteger avail = available(src);
                BigInteger amount;
                BigInteger limit = BigInteger.ZERO;
                boolean allow = false;
                int shape = random.nextInt(100);
                if (shape < 10) {
                    amount = avail.max(BigInteger.ONE); // exactly what is available
                } else if (shape < 18) {
                    amount = avail.add(BigInteger.ONE).max(BigInteger.ONE); // one more than available
                } else if (shape < 26) {
                    limit = BigInteger.valueOf(1 + random.nextInt(1_000));
                    BigInteger floorHit = avail.add(limit); // lands exactly on -limit
                    amount = (random.nextBoolean() ? floorHit : floorHit.add(BigInteger.ONE)).max(BigInteger.ONE);
                    allow = random.nextBoolean();
                } else if (shape < 29) {
                    amount = BigInteger.valueOf(random.nextInt(3) - 1); // -1, 0, 1
                } else if (shape < 31) {
                    allow = true; // unlimited overdraft
                    amount = BigInteger.valueOf(1 + random.nextInt(1_000_000));
                } else {
                    BigInteger cap = avail.signum() > 0 ? avail.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5))
                            : BigInteger.valueOf(1_000);
                    amount = new BigInteger(cap.bitLength() + 1, random).mod(cap.max(BigInteger.ONE)).add(BigInteger.ONE);
                }
                transferOp(newReference(), src, dst, false, amount, currency, allow, limit);
            }
        }

        private String newReference() {
            String reference = "ref-" + seed + "-" + (refCounter++);
            usedReferences.add(reference);
            return reference;
        }

        private void openOp(String id) {
            String currency = plainCurrency.getOrDefault(id, CURRENCIES.get(0));
            remember("open " + id + " " + currency);
            RejectionReason reason = ledger.open(new OpenBalance(id, "ldg_sim", currency, null, "", "{}", ledger.clock));
            String expected = auditor.open(id, currency);
            check(expected, reason);
        }

        private void transferOp(String reference, String src, String dst, boolean dstIndicatorRequested, BigInteger amount,
                                String currency, boolean allow, BigInteger limit) {
            boolean srcIsIndicator = Ids.isIndicator(src);
            boolean dstIsIndicator = dstIndicatorRequested || Ids.isIndicator(dst);
            String srcId = srcIsIndicator ? Ids.indicatorBalanceId(src, currency) : src;
            String dstId = dstIsIndicator ? Ids.indicatorBalanceId(dst, currency) : dst;
            remember("transfer " + reference + " " + src + " -> " + dst + " " + amount + " " + currency
                    + (allow ? " allow_overdraft" : "") + (limit.signum() != 0 ? " limit=" + limit : ""));
            // the coordinator: one owner per reference, a duplicate never applies
            String txnId = Ids.transactionIdForReference(reference);
            RejectionReason reason;
            if (!coordinatorSeen.add(txnId)) {
                reason = RejectionReason.DUPLICATE_REFERENCE;
            } else {
                reason = ledger.transfer(new Transfer(txnId, srcId, dstId, srcIsIndicator ? src : null,
                        dstIsIndicator ? dst : null, amount, currency, allow, limit, ledger.clock));
            }
            String expected = auditor.transfer(reference, srcId, srcIsIndicator, dstId, dstIsIndicator, amount, currency,
                    allow, limit);
            check(expected, reason);
        }

        private void remember(String op) {
            lastOps.addLast(op);
            if (lastOps.size() > 12) {
                lastOps.removeFirst();
            }
        }

        private void check(String expected, RejectionReason reason) {
            String actual = reason == null ? "APPLIED" : reason.name();
            outcomes.merge(actual, 1, Integer::sum);
            assertEquals(expected, actual, "outcome");
            assertEquals(auditor.balances.keySet(), ledger.balances.keySet(), "balance ids");
            Map<String, BigInteger> sums = new HashMap<>();
            for (Map.Entry<String, Auditor.Bal> e : auditor.balances.entrySet()) {
                Balance b = ledger.balances.get(e.getKey());
                Auditor.Bal a = e.getValue();
                String id = e.getKey();
                assertEquals(a.currency, b.currency(), "currency of " + id);
                assertEquals(a.credit, b.creditBalance(), "credit_balance of " + id);
                assertEquals(a.debit, b.debitBalance(), "debit_balance of " + id);
                assertEquals(a.credit.subtract(a.debit), b.balance(), "balance of " + id);
                assertEquals(a.version, b.version(), "version of " + id);
                sums.merge(a.currency, b.balance(), BigInteger::add);
                checkNewEntries(id, b);
            }
            sums.forEach((currency, sum) -> assertEquals(BigInteger.ZERO, sum, "sum of " + currency + " balances"));
        }

        /** The entries written since the last check continue the chain and end at the balance's head. */
        private void checkNewEntries(String id, Balance b) {
            List<Entry> chain = ledger.entries.get(id);
            int from = checkedEntries.getOrDefault(id, 0);
            if (from == chain.size()) {
                return;
            }
            Balance prev = from == 0 ? null : LedgerPropertiesTest.stateOf(chain.get(from - 1));
            for (int i = from; i < chain.size(); i++) {
                Entry e = chain.get(i);
                assertEquals(i, e.version(), "version of entry " + i + " of " + id);
                Invariants.checkEntryFollows(prev, e);
                prev = LedgerPropertiesTest.stateOf(e);
            }
            checkedEntries.put(id, chain.size());
            Entry head = chain.get(chain.size() - 1);
            assertEquals(head.hash(), b.headHash(), "head hash of " + id);
            assertEquals(true, Objects.equals(head.balance(), b.balance()), "head entry balance of " + id);
        }
    }
}
