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
 * balances, currency mismatches, @indicator destinations, bad and huge amounts, inflight (two-phase)
 * transfers with commits (partial, full, default "all that remains", too large, negative) and voids,
 * and refunds (of settled transfers, committed holds, twice, of what cannot be refunded). The
 * coordinator decides actions with TransactionLifecycle and applies their legs with
 * BalanceDecisions.settleHold. An Auditor written only with BigInteger maps (it never calls
 * BalanceDecisions or TransactionLifecycle) predicts every outcome and balance; after every
 * operation outcome, every balance (settled and inflight components), conservation of settled and
 * inflight sums and the new hash-chain links are checked. A failure names the seed and the last operations.
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
            BigInteger inflightCredit = BigInteger.ZERO;
            BigInteger inflightDebit = BigInteger.ZERO;
            long version;

            Bal(String currency) {
                this.currency = currency;
            }
        }

        /** What the auditor remembers of a transaction (the first one with its reference). */
        static final class Tx {
            final String src;
            final String dst;
            final BigInteger amount;
            final boolean inflight;
            String status;
            BigInteger committed = BigInteger.ZERO;
            boolean voided;
            boolean refunded;

            Tx(String src, String dst, BigInteger amount, boolean inflight, String status) {
                this.src = src;
                this.dst = dst;
                this.amount = amount;
                this.inflight = inflight;
                this.status = status;
            }

            /** An inflight transaction whose hold was placed (a refused one never held anything). */
            boolean held() {
                return inflight && !status.equals("REJECTED");
            }
        }

        final Map<String, Bal> balances = new HashMap<>();
        final Set<String> references = new HashSet<>();
        final Map<String, Tx> transactions = new HashMap<>();

        String open(String id, String currency) {
            if (balances.containsKey(id)) {
                return "BALANCE_ALREADY_EXISTS";
            }
            balances.put(id, new Bal(currency));
            return "APPLIED";
        }

        String transfer(String reference, String src, boolean srcIsIndicator, String dst, boolean dstIsIndicator,
                        BigInteger amount, String currency, boolean allowOverdraft, BigInteger limit, boolean inflight) {
            if (!references.add(reference)) {
                return "DUPLICATE_REFERENCE";
            }
            String outcome = firstTransfer(src, srcIsIndicator, dst, dstIsIndicator, amount, currency, allowOverdraft,
                    limit, inflight);
            String status = outcome.equals("APPLIED") ? "APPLIED" : outcome.equals("INFLIGHT") ? "INFLIGHT" : "REJECTED";
            transactions.put(reference, new Tx(src, dst, amount, inflight, status));
            return outcome;
        }

        private String firstTransfer(String src, boolean srcIsIndicator, String dst, boolean dstIsIndicator,
                                     BigInteger amount, String currency, boolean allowOverdraft, BigInteger limit,
                                     boolean inflight) {
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
            BigInteger spendable = from.credit.subtract(from.debit).subtract(from.inflightDebit); // holds are not spendable
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
            to = balances.get(dst); // same object as from when src == dst
            if (inflight) {
                from.inflightDebit = from.inflightDebit.add(amount);
                to.inflightCredit = to.inflightCredit.add(amount);
            } else {
                from.debit = from.debit.add(amount);
                to.credit = to.credit.add(amount);
            }
            from.version++;
            to.version++;
            return inflight ? "INFLIGHT" : "APPLIED";
        }

        /** Blnk's refusals for an action on a hold, in Blnk's order; null when the hold can be acted on. */
        private String holdRefusal(Tx tx) {
            if (tx == null) {
                return "TRANSACTION_NOT_FOUND";
            }
            if (tx.voided) {
                return "ALREADY_VOIDED";
            }
            if (tx.held() && tx.committed.equals(tx.amount)) {
                return "ALREADY_COMMITTED";
            }
            if (!tx.status.equals("INFLIGHT")) {
                return "NOT_INFLIGHT";
            }
            return null;
        }

        /** Commit {@code requested} (null or zero: all that is still held) of the hold made by {@code reference}. */
        String commit(String reference, BigInteger requested) {
            if (requested != null && requested.compareTo(BigInteger.ZERO) < 0) {
                return "AMOUNT_MUST_BE_POSITIVE"; // a bad request is refused before the transaction is looked at
            }
            Tx tx = transactions.get(reference);
            String refusal = holdRefusal(tx);
            if (refusal != null) {
                return refusal;
            }
            BigInteger stillHeld = tx.amount.subtract(tx.committed);
            BigInteger amount = requested == null || requested.equals(BigInteger.ZERO) ? stillHeld : requested;
            if (amount.compareTo(stillHeld) > 0) {
                return "COMMIT_AMOUNT_EXCEEDED";
            }
            Bal from = balances.get(tx.src);
            Bal to = balances.get(tx.dst);
            from.inflightDebit = from.inflightDebit.subtract(amount);
            from.debit = from.debit.add(amount);
            from.version++;
            to.inflightCredit = to.inflightCredit.subtract(amount);
            to.credit = to.credit.add(amount);
            to.version++;
            tx.committed = tx.committed.add(amount);
            if (tx.committed.equals(tx.amount)) {
                tx.status = "APPLIED";
            }
            return "COMMITTED";
        }

        /** Release all that is still held by {@code reference}. */
        String voidHold(String reference) {
            Tx tx = transactions.get(reference);
            String refusal = holdRefusal(tx);
            if (refusal != null) {
                return refusal;
            }
            BigInteger stillHeld = tx.amount.subtract(tx.committed);
            Bal from = balances.get(tx.src);
            Bal to = balances.get(tx.dst);
            from.inflightDebit = from.inflightDebit.subtract(stillHeld);
            from.version++;
            to.inflightCredit = to.inflightCredit.subtract(stillHeld);
            to.version++;
            tx.voided = true;
            tx.status = "VOID";
            return "VOIDED";
        }

        /** Refund the transaction of {@code reference} once, if fully settled: a new transfer back, overdraft allowed. */
        String refund(String reference, String refundReference, String currency, boolean srcIsIndicator,
                      boolean dstIsIndicator) {
            Tx tx = transactions.get(reference);
            if (tx == null) {
                return "TRANSACTION_NOT_FOUND";
            }
            if (tx.refunded) {
                return "ALREADY_REFUNDED";
            }
            if (!tx.status.equals("APPLIED")) {
                return "NOT_REFUNDABLE";
            }
            tx.refunded = true;
            BigInteger back = tx.held() ? tx.committed : tx.amount;
            String outcome = transfer(refundReference, tx.dst, dstIsIndicator, tx.src, srcIsIndicator, back, currency,
                    true, BigInteger.ZERO, false);
            return outcome.equals("APPLIED") ? "REFUNDED" : outcome;
        }
    }

    /** What the coordinator stores per transaction: the transfer, its lifecycle state and how many actions it had. */
    static final class CoordinatedTx {
        final Transfer transfer;
        TransactionLifecycle.State state;
        int actions;

        CoordinatedTx(Transfer transfer, TransactionLifecycle.State state) {
            this.transfer = transfer;
            this.state = state;
        }
    }

    /** One seeded run. */
    static final class Simulation {
        final long seed;
        final Random random;
        final LedgerPropertiesTest.ThreeStepLedger ledger = new LedgerPropertiesTest.ThreeStepLedger();
        final Map<String, CoordinatedTx> coordinator = new HashMap<>(); // the coordinator's store, by transaction id
        final List<String> inflightReferences = new ArrayList<>(); // every inflight create, placed or refused
        final List<String> placedHolds = new ArrayList<>(); // inflight creates that placed a hold (workload shaping only)
        final List<String> refunded = new ArrayList<>(); // references refunded once (to try a second time)
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
            boolean everyKind = Stream.of("INFLIGHT", "COMMITTED", "VOIDED", "REFUNDED", "COMMIT_AMOUNT_EXCEEDED",
                    "ALREADY_COMMITTED", "ALREADY_VOIDED", "NOT_INFLIGHT", "ALREADY_REFUNDED", "NOT_REFUNDABLE",
                    "TRANSACTION_NOT_FOUND").allMatch(outcomes::containsKey);
            if (outcomes.getOrDefault("APPLIED", 0) < OPERATIONS / 10 || outcomes.size() < 8 || !everyKind) {
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
            } else if (kind < 11) {
                commitOp(holdTarget(), commitAmount());
            } else if (kind < 14) {
                voidOp(holdTarget());
            } else if (kind < 17) {
                refundOp(refundTarget());
            } else if (kind < 29) {
                String dst = anyPlain();
                String currency = currencyFor(dst);
                BigInteger amount = random.nextInt(50) == 0 ? BigInteger.TEN.pow(20 + random.nextInt(20))
                        : BigInteger.valueOf(1 + random.nextInt(100_000));
                transferOp(newReference(), "@World", dst, false, amount, currency, true, BigInteger.ZERO, false);
            } else if (kind < 32 && !usedReferences.isEmpty()) {
                // a client retry: same reference, same or different body
                String reference = usedReferences.get(random.nextInt(usedReferences.size()));
                String src = anyPlain();
                String dst = anyPlain();
                transferOp(reference, src, dst, false, BigInteger.ONE, currencyFor(src), false, BigInteger.ZERO,
                        random.nextInt(4) == 0);
            } else if (kind < 36) {
                // fees to an @indicator destination, created on first use
                String src = anyPlain();
                String currency = currencyFor(src);
                transferOp(newReference(), src, "@Fees", true, BigInteger.valueOf(1 + random.nextInt(500)), currency,
                        false, BigInteger.ZERO, random.nextInt(5) == 0);
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
                boolean inflight = random.nextInt(100) < 30;
                String reference = newReference();
                if (inflight) {
                    inflightReferences.add(reference);
                }
                transferOp(reference, src, dst, false, amount, currency, allow, limit, inflight);
            }
        }

        /** Mostly a recent inflight transaction; sometimes any transaction, or one that never existed. */
        private String holdTarget() {
            int r = random.nextInt(100);
            if (r < 60 && !placedHolds.isEmpty()) {
                return placedHolds.get(placedHolds.size() - 1 - random.nextInt(Math.min(placedHolds.size(), 10)));
            }
            if (r < 85 && !inflightReferences.isEmpty()) {
                return inflightReferences.get(inflightReferences.size() - 1
                        - random.nextInt(Math.min(inflightReferences.size(), 15)));
            }
            if (r < 95 && !usedReferences.isEmpty()) {
                return usedReferences.get(random.nextInt(usedReferences.size()));
            }
            return "ref-never-" + random.nextInt(1_000);
        }

        /** Mostly a recent transaction (settled, inflight or committed); sometimes a hold, or one that never existed. */
        private String refundTarget() {
            int r = random.nextInt(100);
            if (r < 8 && !refunded.isEmpty()) {
                return refunded.get(random.nextInt(refunded.size())); // a second refund
            }
            if (r < 60 && !usedReferences.isEmpty()) {
                return usedReferences.get(usedReferences.size() - 1 - random.nextInt(Math.min(usedReferences.size(), 40)));
            }
            if (r < 92 && !inflightReferences.isEmpty()) {
                return inflightReferences.get(inflightReferences.size() - 1
                        - random.nextInt(Math.min(inflightReferences.size(), 30)));
            }
            return "ref-never-" + random.nextInt(1_000);
        }

        /** null / zero (= all that remains), a part, exactly the remainder, one more, a large or a negative amount. */
        private BigInteger commitAmount() {
            int shape = random.nextInt(100);
            if (shape < 20) {
                return null;
            }
            if (shape < 25) {
                return BigInteger.ZERO;
            }
            if (shape < 70) {
                return BigInteger.valueOf(1 + random.nextInt(random.nextBoolean() ? 50 : 5_000));
            }
            if (shape < 90) {
                return BigInteger.valueOf(1 + random.nextInt(200_000));
            }
            if (shape < 95) {
                return BigInteger.TEN.pow(25);
            }
            return BigInteger.valueOf(-1 - random.nextInt(3));
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
                                String currency, boolean allow, BigInteger limit, boolean inflight) {
            boolean srcIsIndicator = Ids.isIndicator(src);
            boolean dstIsIndicator = dstIndicatorRequested || Ids.isIndicator(dst);
            String srcId = srcIsIndicator ? Ids.indicatorBalanceId(src, currency) : src;
            String dstId = dstIsIndicator ? Ids.indicatorBalanceId(dst, currency) : dst;
            remember((inflight ? "inflight " : "transfer ") + reference + " " + src + " -> " + dst + " " + amount + " "
                    + currency + (allow ? " allow_overdraft" : "") + (limit.signum() != 0 ? " limit=" + limit : ""));
            String txnId = Ids.transactionIdForReference(reference);
            String actual = coordinate(new Transfer(txnId, srcId, dstId, srcIsIndicator ? src : null,
                    dstIsIndicator ? dst : null, amount, currency, allow, limit, ledger.clock, inflight));
            String expected = auditor.transfer(reference, srcId, srcIsIndicator, dstId, dstIsIndicator, amount, currency,
                    allow, limit, inflight);
            check(expected, actual);
            if (actual.equals(TransactionStatus.INFLIGHT.name())) {
                placedHolds.add(reference);
            }
        }

        /** The coordinator: one owner per transaction id (a duplicate never applies), then the three steps. */
        private String coordinate(Transfer t) {
            if (coordinator.containsKey(t.transactionId())) {
                return RejectionReason.DUPLICATE_REFERENCE.name();
            }
            RejectionReason reason = ledger.transfer(t);
            TransactionStatus status = reason != null ? TransactionStatus.REJECTED
                    : t.inflight() ? TransactionStatus.INFLIGHT : TransactionStatus.APPLIED;
            BigInteger held = reason == null && t.inflight() ? t.amount() : BigInteger.ZERO;
            coordinator.put(t.transactionId(), new CoordinatedTx(t,
                    new TransactionLifecycle.State(status, held, BigInteger.ZERO, false, false)));
            return reason != null ? reason.name() : status.name();
        }

        private TransactionLifecycle.State stateOf(CoordinatedTx tx) {
            return tx == null ? new TransactionLifecycle.State(null, BigInteger.ZERO, BigInteger.ZERO, false, false)
                    : tx.state;
        }

        private void commitOp(String reference, BigInteger requested) {
            remember("commit " + reference + " " + (requested == null ? "(all)" : requested));
            CoordinatedTx tx = coordinator.get(Ids.transactionIdForReference(reference));
            TransactionLifecycle.ActionDecision d = TransactionLifecycle.commit(stateOf(tx), requested);
            String actual;
            if (!d.isAccepted()) {
                actual = d.refusal().name();
            } else {
                TransactionLifecycle.State s = tx.state;
                BigInteger amount = d.accepted().amount();
                // reserved at once, then the legs: source, then destination
                tx.state = CoordinatorDecisions.afterAction(s, true, d.accepted());
                settleLegs(tx, HoldAction.COMMIT, amount);
                actual = "COMMITTED";
            }
            check(auditor.commit(reference, requested), actual);
        }

        private void voidOp(String reference) {
            remember("void " + reference);
            CoordinatedTx tx = coordinator.get(Ids.transactionIdForReference(reference));
            TransactionLifecycle.ActionDecision d = TransactionLifecycle.voidRemaining(stateOf(tx));
            String actual;
            if (!d.isAccepted()) {
                actual = d.refusal().name();
            } else {
                TransactionLifecycle.State s = tx.state;
                tx.state = CoordinatorDecisions.afterAction(s, false, d.accepted());
                settleLegs(tx, HoldAction.VOID, d.accepted().amount());
                actual = "VOIDED";
            }
            check(auditor.voidHold(reference), actual);
        }

        private void settleLegs(CoordinatedTx tx, HoldAction action, BigInteger amount) {
            Transfer t = tx.transfer;
            String actionId = Ids.actionTransactionId(t.transactionId(), ++tx.actions);
            for (HoldSide side : HoldSide.values()) {
                String id = side == HoldSide.SOURCE ? t.sourceId() : t.destinationId();
                Decision.Applied applied = (Decision.Applied) BalanceDecisions.settleHold(ledger.balances.get(id), action,
                        side, amount, actionId, ++ledger.clock, t.effectiveAtMs());
                ledger.balances.put(id, applied.balance());
                ledger.entries.computeIfAbsent(id, k -> new ArrayList<>()).addAll(applied.entries());
            }
        }

        private void refundOp(String reference) {
            remember("refund " + reference);
            String txnId = Ids.transactionIdForReference(reference);
            CoordinatedTx tx = coordinator.get(txnId);
            String refundReference = Ids.refundReference(txnId);
            String actual;
            java.util.Optional<RejectionReason> refusal = TransactionLifecycle.refund(stateOf(tx));
            if (refusal.isPresent()) {
                actual = refusal.get().name();
            } else {
                TransactionLifecycle.State s = tx.state;
                tx.state = new TransactionLifecycle.State(s.status(), s.held(), s.committed(), s.voided(), true);
                Transfer o = tx.transfer;
                BigInteger amount = TransactionLifecycle.refundAmount(s, o.amount());
                String outcome = coordinate(new Transfer(Ids.transactionIdForReference(refundReference), o.destinationId(),
                        o.sourceId(), o.destinationIndicator(), o.sourceIndicator(), amount, o.currency(), true,
                        BigInteger.ZERO, ledger.clock));
                actual = outcome.equals(TransactionStatus.APPLIED.name()) ? "REFUNDED" : outcome;
            }
            String currency = tx == null ? null : tx.transfer.currency();
            boolean srcIsIndicator = tx != null && tx.transfer.sourceIndicator() != null;
            boolean dstIsIndicator = tx != null && tx.transfer.destinationIndicator() != null;
            check(auditor.refund(reference, refundReference, currency, srcIsIndicator, dstIsIndicator), actual);
            if (actual.equals("REFUNDED")) {
                refunded.add(reference);
            }
        }

        private void remember(String op) {
            lastOps.addLast(op);
            if (lastOps.size() > 12) {
                lastOps.removeFirst();
            }
        }

        private void check(String expected, RejectionReason reason) {
            check(expected, reason == null ? "APPLIED" : reason.name());
        }

        private void check(String expected, String actual) {
            outcomes.merge(actual, 1, Integer::sum);
            assertEquals(expected, actual, "outcome");
            assertEquals(auditor.balances.keySet(), ledger.balances.keySet(), "balance ids");
            Map<String, BigInteger> sums = new HashMap<>();
            Map<String, BigInteger> inflightSums = new HashMap<>();
            for (Map.Entry<String, Auditor.Bal> e : auditor.balances.entrySet()) {
                Balance b = ledger.balances.get(e.getKey());
                Auditor.Bal a = e.getValue();
                String id = e.getKey();
                assertEquals(a.currency, b.currency(), "currency of " + id);
                assertEquals(a.credit, b.creditBalance(), "credit_balance of " + id);
                assertEquals(a.debit, b.debitBalance(), "debit_balance of " + id);
                assertEquals(a.credit.subtract(a.debit), b.balance(), "balance of " + id);
                assertEquals(a.inflightCredit, b.inflightCreditBalance(), "inflight_credit_balance of " + id);
                assertEquals(a.inflightDebit, b.inflightDebitBalance(), "inflight_debit_balance of " + id);
                assertEquals(a.version, b.version(), "version of " + id);
                sums.merge(a.currency, b.balance(), BigInteger::add);
                inflightSums.merge(a.currency, b.inflightBalance(), BigInteger::add);
                checkNewEntries(id, b);
            }
            sums.forEach((currency, sum) -> assertEquals(BigInteger.ZERO, sum, "sum of " + currency + " balances"));
            inflightSums.forEach((currency, sum) -> assertEquals(BigInteger.ZERO, sum,
                    "sum of " + currency + " inflight balances"));
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
