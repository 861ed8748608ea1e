package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * A seeded simulation through the real topology: random workloads of transfers (hot balances, @World
 * funding, overdrafts, unknown balances, duplicates, skip_queue), inflight holds with partial
 * commits and voids, refunds, atomic splits (to several destinations or from several sources),
 * bulk batches (atomic or not) and deadlines (scheduled transfers, holds that expire or commit
 * themselves, fired as the wall clock moves) are piped into a TopologyTestDriver; an independent model (plain
 * BigInteger maps, none of ledger-core's rules) predicts every outcome and every balance, and is
 * compared after every operation. A failure prints the seed and the last operations; rerun one seed
 * with {@code -Dledger.topology.sim.seed=N}.
 */
class TopologySimulationTest {

    private static final int OPERATIONS = 400;
    private static final long FIXED_SEED = 20261124L;

    @Test
    void theTopologyAgreesWithAnIndependentModelAfterEveryOperation() throws Exception {
        String fixed = System.getProperty("ledger.topology.sim.seed");
        List<Long> seeds = fixed != null ? List.of(Long.parseLong(fixed)) : List.of(FIXED_SEED, new Random().nextLong());
        for (long seed : seeds) {
            // the driver runs partition 0's task: with 6 partitions a sixth of the internal commands are handed off
            // locally and the rest piped through their topics; with 1 all are local; without the hand-off none is
            Map<DeadlineKind, Integer> settled = simulate(seed, 6, true);
            if (seed == FIXED_SEED) {
                // the fixed seed is known to reach every kind of deadline with something left to do at least once
                assertThat(settled.keySet()).as("deadlines that moved money or decided a transfer, seed " + seed)
                        .containsExactlyInAnyOrder(DeadlineKind.values());
            }
            simulate(seed, 1, true);
            simulate(seed, 6, false);
        }
    }

    /** Runs one seed; returns how often each kind of deadline fired with something to do. */
    private static Map<DeadlineKind, Integer> simulate(long seed, int partitions, boolean localHandOff)
            throws Exception {
        try (LedgerDriver ledger = new LedgerDriver(partitions, localHandOff)) {
            Simulation simulation = new Simulation(seed, ledger);
            simulation.run();
            return simulation.settled;
        } catch (AssertionError failure) {
            throw new AssertionError("partitions=" + partitions + " localHandOff=" + localHandOff + ": "
                    + failure.getMessage(), failure);
        }
    }

    /** The independent model of one balance: settled and held amounts. */
    private static final class ModelBalance {
        BigInteger credit = BigInteger.ZERO;
        BigInteger debit = BigInteger.ZERO;
        BigInteger heldOut = BigInteger.ZERO;
        BigInteger heldIn = BigInteger.ZERO;

        BigInteger balance() {
            return credit.subtract(debit);
        }
    }

    /** The independent model of one transaction the workload may act on. */
    private static final class ModelTransaction {
        final String source;
        final String destination;
        final BigInteger amount;
        final boolean inflight;
        String status;
        BigInteger committed = BigInteger.ZERO;
        boolean refunded;

        ModelTransaction(String source, String destination, BigInteger amount, boolean inflight) {
            this.source = source;
            this.destination = destination;
            this.amount = amount;
            this.inflight = inflight;
        }
    }

    /** What falls due at a deadline: a scheduled transfer starts, a hold is voided or committed. */
    private enum DeadlineKind { START, EXPIRE, COMMIT }

    private record PendingDeadline(DeadlineKind kind, String reference) { }

    private static final class Simulation {
        /** The coordinator looks for due deadlines once a second of wall-clock time (its punctuation). */
        private static final long CHECK_INTERVAL_MS = TransactionCoordinatorProcessor.DEADLINE_CHECK_INTERVAL.toMillis();
        private final long seed;
        private final Random random;
        private final LedgerDriver ledger;
        private final Map<String, ModelBalance> balances = new LinkedHashMap<>();
        private final Map<String, ModelTransaction> transactions = new LinkedHashMap<>();
        private final List<String> accounts = new ArrayList<>();
        private final List<String> log = new ArrayList<>();
        private final String world = Ids.indicatorBalanceId("@World", "USD");
        private int references;
        /** The driver's wall clock, which moves only when the workload lets time pass. */
        private long nowMs = LedgerDriver.START.toEpochMilli();
        /** Deadlines not yet fired, by due time; no two within a check interval of each other (see deadline()). */
        private final TreeMap<Long, PendingDeadline> deadlines = new TreeMap<>();
        /** Deadlines that fired with something to do (a transfer to decide, a hold with an amount left), by kind. */
        final Map<DeadlineKind, Integer> settled = new java.util.EnumMap<>(DeadlineKind.class);

        Simulation(long seed, LedgerDriver ledger) {
            this.seed = seed;
            this.random = new Random(seed);
            this.ledger = ledger;
        }

        void run() {
            String ledgerId = ledger.createLedger("simulation");
            for (int i = 0; i < 6; i++) {
                String id = ledger.createBalance(ledgerId, "USD");
                accounts.add(id);
                balances.put(id, new ModelBalance());
            }
            for (int step = 0; step < OPERATIONS; step++) {
                int dice = random.nextInt(100);
                if (dice < 14) {
                    fund();
                } else if (dice < 44) {
                    transfer(false);
                } else if (dice < 56) {
                    transfer(true);
                } else if (dice < 68) {
                    commit();
                } else if (dice < 75) {
                    voidHold();
                } else if (dice < 80) {
                    refund();
                } else if (dice < 83) {
                    duplicate();
                } else if (dice < 85) {
                    unknownDestination();
                } else if (dice < 88) {
                    split();
                } else if (dice < 90) {
                    bulk();
                } else if (dice < 93) {
                    scheduledTransfer();
                } else {
                    letTimePass();
                }
                check(step);
            }
        }

        // --- operations --------------------------------------------------------------------------

        private void fund() {
            String to = pick();
            BigInteger amount = amount();
            String reference = nextReference();
            record("fund " + to + " " + amount);
            ledger.transfer(reference, "@World", to, amount.toString(), true);
            balances.computeIfAbsent(world, w -> new ModelBalance());
            expectApplied(reference, world, to, amount, false);
        }

        private void transfer(boolean inflight) {
            String from = hotPick();
            String to = otherThan(from);
            BigInteger amount = amount();
            String reference = nextReference();
            boolean skipQueue = !inflight && random.nextInt(4) == 0;
            // a hold may carry a deadline: it expires (the rest is voided) or commits itself (the rest is committed)
            DeadlineKind settles = !inflight ? null : switch (random.nextInt(5)) {
                case 0 -> DeadlineKind.EXPIRE;
                case 1 -> DeadlineKind.COMMIT;
                default -> null;
            };
            Long dueMs = settles == null ? null : freeDueTime();
            record((inflight ? "hold " : "transfer ") + from + " -> " + to + " " + amount + (skipQueue ? " sync" : "")
                    + (settles == null ? "" : " " + settles.name().toLowerCase() + "s at +" + (dueMs - nowMs) + " ms"));
            String request = ledger.transfer(reference, from, to, amount.toString(), false,
                    spec -> spec.setInflight(inflight).setSkipQueue(skipQueue)
                            .setInflightExpiryMs(settles == DeadlineKind.EXPIRE ? dueMs : null)
                            .setInflightCommitMs(settles == DeadlineKind.COMMIT ? dueMs : null));
            ModelBalance source = balances.get(from);
            boolean funded = source.balance().subtract(source.heldOut).compareTo(amount) >= 0;
            if (!funded) {
                String outcome = skipQueue ? reference : reference + "_q";
                assertThat(ledger.byReference(outcome).getRejectionCode()).as(context()).isEqualTo("INSUFFICIENT_FUNDS");
                if (skipQueue) {
                    assertThat(ledger.reply(request).getCode()).as(context()).isEqualTo("INSUFFICIENT_FUNDS");
                }
                transactions.put(reference, rejected(from, to, amount));
                return;
            }
            if (skipQueue) {
                Reply reply = ledger.reply(request);
                assertThat(reply.getOk()).as(context()).isTrue();
                assertThat(reply.getTransaction().getStatus()).as(context()).isEqualTo("APPLIED");
            }
            expectApplied(reference, from, to, amount, inflight, skipQueue);
            if (settles != null) {
                deadlines.put(dueMs, new PendingDeadline(settles, reference));
            }
        }

        /**
         * A transfer scheduled for later: SCHEDULED at once, nothing moves; when it is due it is decided like any
         * transfer, with the funds its source has then.
         */
        private void scheduledTransfer() {
            String from = hotPick();
            String to = otherThan(from);
            BigInteger amount = amount();
            String reference = nextReference();
            long dueMs = freeDueTime();
            record("scheduled " + from + " -> " + to + " " + amount + " at +" + (dueMs - nowMs) + " ms");
            ledger.transfer(reference, from, to, amount.toString(), false, spec -> spec.setScheduledForMs(dueMs));
            assertThat(ledger.byReference(reference).getStatus()).as(context()).isEqualTo("SCHEDULED");
            ModelTransaction scheduled = new ModelTransaction(from, to, amount, false);
            scheduled.status = "SCHEDULED";
            transactions.put(reference, scheduled);
            deadlines.put(dueMs, new PendingDeadline(DeadlineKind.START, reference));
        }

        /**
         * Moves the wall clock by at least one check interval, so the coordinator's punctuation runs; either to just
         * past the next deadline, which then fires alone (deadlines are spaced further apart than an interval, so two
         * never fire in one punctuation and the model need not guess how their legs interleave), or, when the next
         * one is far enough away, to a time before it.
         */
        private void letTimePass() {
            Long next = deadlines.isEmpty() ? null : deadlines.firstKey();
            long target;
            if (next == null || (next - nowMs > CHECK_INTERVAL_MS + 1 && random.nextInt(3) == 0)) {
                long room = next == null ? 5_000 : next - nowMs - 1 - CHECK_INTERVAL_MS;
                target = nowMs + CHECK_INTERVAL_MS + (room <= 0 ? 0 : random.nextLong(room + 1));
            } else {
                target = Math.max(nowMs + CHECK_INTERVAL_MS, next + random.nextInt(100));
            }
            record("time +" + (target - nowMs) + " ms");
            ledger.advanceWallClock(Duration.ofMillis(target - nowMs));
            nowMs = target;
            while (!deadlines.isEmpty() && deadlines.firstKey() <= nowMs) {
                fired(deadlines.pollFirstEntry().getValue());
            }
        }

        /** What the model expects of a deadline that fell due. */
        private void fired(PendingDeadline deadline) {
            ModelTransaction transaction = transactions.get(deadline.reference());
            if (deadline.kind() == DeadlineKind.START || "INFLIGHT".equals(transaction.status)) {
                settled.merge(deadline.kind(), 1, Integer::sum);
            }
            switch (deadline.kind()) {
                case START -> {
                    if (available(transaction.source).compareTo(transaction.amount) < 0) {
                        transaction.status = "REJECTED";
                        assertThat(ledger.outcome(deadline.reference()).getRejectionCode()).as(context())
                                .isEqualTo("INSUFFICIENT_FUNDS");
                        return;
                    }
                    expectApplied(deadline.reference(), transaction.source, transaction.destination, transaction.amount,
                            false);
                }
                case EXPIRE, COMMIT -> {
                    if (!"INFLIGHT".equals(transaction.status)) {
                        return;   // voided or committed in full before it was due: nothing is left to settle
                    }
                    BigInteger remaining = transaction.amount.subtract(transaction.committed);
                    ModelBalance source = balances.get(transaction.source);
                    ModelBalance destination = balances.get(transaction.destination);
                    source.heldOut = source.heldOut.subtract(remaining);
                    destination.heldIn = destination.heldIn.subtract(remaining);
                    if (deadline.kind() == DeadlineKind.COMMIT) {
                        source.debit = source.debit.add(remaining);
                        destination.credit = destination.credit.add(remaining);
                        transaction.committed = transaction.amount;
                        transaction.status = "APPLIED";
                    } else {
                        transaction.status = "VOID";
                    }
                }
            }
        }

        /**
         * A due time 0.5–20 s ahead, more than a check interval away from every other pending deadline; when those
         * seconds are taken, a little after the last pending one.
         */
        private long freeDueTime() {
            long gap = CHECK_INTERVAL_MS + 100;
            for (int attempt = 0; attempt < 20; attempt++) {
                long due = nowMs + 500 + random.nextInt(19_500);
                Long below = deadlines.floorKey(due);
                Long above = deadlines.ceilingKey(due);
                if ((below == null || due - below > gap) && (above == null || above - due > gap)) {
                    return due;
                }
            }
            return deadlines.lastKey() + gap + 1 + random.nextInt(2_000);
        }

        private void commit() {
            ModelTransaction hold = anyTransaction(true);
            if (hold == null) {
                return;
            }
            String reference = referenceOf(hold);
            BigInteger remaining = hold.amount.subtract(hold.committed);
            BigInteger asked = random.nextBoolean() ? null : BigInteger.valueOf(1 + random.nextInt(hold.amount.intValueExact() + 5));
            record("commit " + reference + " " + (asked == null ? "rest" : asked));
            String request = ledger.inflightAction(reference, "commit", asked == null ? null : asked.toString(), false);
            Reply reply = ledger.reply(request);
            String expectedRefusal = refusalOfAction(hold);
            if (expectedRefusal == null && asked != null && asked.compareTo(remaining) > 0) {
                expectedRefusal = "COMMIT_AMOUNT_EXCEEDED";
            }
            if (expectedRefusal != null) {
                assertThat(reply.getCode()).as(context()).isEqualTo(expectedRefusal);
                return;
            }
            assertThat(reply.getOk()).as(context()).isTrue();
            BigInteger amount = asked == null ? remaining : asked;
            hold.committed = hold.committed.add(amount);
            ModelBalance source = balances.get(hold.source);
            ModelBalance destination = balances.get(hold.destination);
            source.heldOut = source.heldOut.subtract(amount);
            source.debit = source.debit.add(amount);
            destination.heldIn = destination.heldIn.subtract(amount);
            destination.credit = destination.credit.add(amount);
            if (hold.committed.equals(hold.amount)) {
                hold.status = "APPLIED";
            }
        }

        private void voidHold() {
            ModelTransaction hold = anyTransaction(true);
            if (hold == null) {
                return;
            }
            String reference = referenceOf(hold);
            record("void " + reference);
            Reply reply = ledger.reply(ledger.inflightAction(reference, "void", null, true));
            String expectedRefusal = refusalOfAction(hold);
            if (expectedRefusal != null) {
                assertThat(reply.getCode()).as(context()).isEqualTo(expectedRefusal);
                return;
            }
            BigInteger remaining = hold.amount.subtract(hold.committed);
            assertThat(reply.getTransaction().getStatus()).as(context()).isEqualTo("VOID");
            assertThat(reply.getTransaction().getPreciseAmount()).as(context()).isEqualTo(remaining.toString());
            balances.get(hold.source).heldOut = balances.get(hold.source).heldOut.subtract(remaining);
            balances.get(hold.destination).heldIn = balances.get(hold.destination).heldIn.subtract(remaining);
            hold.status = "VOID";
        }

        private void refund() {
            ModelTransaction original = anyTransaction(false);
            if (original == null) {
                return;
            }
            String reference = referenceOf(original);
            record("refund " + reference);
            Reply reply = ledger.reply(ledger.refund(reference, false));
            String expectedRefusal = original.refunded ? "ALREADY_REFUNDED"
                    : "APPLIED".equals(original.status) ? null : "NOT_REFUNDABLE";
            if (expectedRefusal != null) {
                assertThat(reply.getCode()).as(context()).isEqualTo(expectedRefusal);
                return;
            }
            assertThat(reply.getOk()).as(context()).isTrue();
            original.refunded = true;
            BigInteger amount = original.inflight ? original.committed : original.amount;
            balances.get(original.destination).debit = balances.get(original.destination).debit.add(amount);
            balances.get(original.source).credit = balances.get(original.source).credit.add(amount);
            String refundReference = Ids.transactionIdForReference(reference) + "_refund";
            assertThat(ledger.outcome(refundReference).getStatus()).as(context()).isEqualTo("APPLIED");
        }

        private void duplicate() {
            if (transactions.isEmpty()) {
                return;
            }
            List<String> used = new ArrayList<>(transactions.keySet());
            String reference = used.get(random.nextInt(used.size()));
            record("duplicate " + reference);
            int before = ledger.transactions().size();
            ledger.transfer(reference, "@World", pick(), "1", true);
            List<TransactionRecord> written = ledger.transactions().subList(before, ledger.transactions().size());
            assertThat(written).as(context()).singleElement()
                    .satisfies(r -> assertThat(r.getRejectionCode()).isEqualTo("DUPLICATE_REFERENCE"));
        }

        private void unknownDestination() {
            String reference = nextReference();
            record("to unknown " + reference);
            ledger.transfer(reference, pick(), "bln_unknown-" + references, "1", false);
            assertThat(ledger.outcome(reference).getRejectionCode()).as(context()).isEqualTo("DESTINATION_NOT_FOUND");
        }

        /** An atomic split: one source to 2-3 destinations, or 2-3 sources to one destination; all legs or none. */
        private void split() {
            boolean overSources = random.nextBoolean();
            boolean inflight = random.nextInt(4) == 0;
            boolean skipQueue = !inflight && random.nextInt(3) == 0;
            String reference = nextReference();
            String fixed = hotPick();
            List<String> ends = new ArrayList<>();
            List<BigInteger> shares = new ArrayList<>();
            int legs = 2 + random.nextInt(2);
            while (ends.size() < legs) {
                String end = pick();
                if (!end.equals(fixed) && !ends.contains(end)) {
                    ends.add(end);
                    shares.add(amount());
                }
            }
            BigInteger total = shares.stream().reduce(BigInteger.ZERO, BigInteger::add);
            record("split " + (overSources ? ends + " -> " + fixed : fixed + " -> " + ends) + " " + shares
                    + (inflight ? " inflight" : "") + (skipQueue ? " sync" : ""));
            TransactionSpec parent = LedgerDriver.spec(reference, fixed, fixed, total.toString(),
                    false, spec -> spec.setInflight(inflight).setSkipQueue(skipQueue));
            List<TransactionSpec> specs = TransactionGroups.splitLegs(parent,
                    overSources, ends.stream().map(e -> new TransactionGroups.End(e, e)).toList(),
                    shares);
            String request = ledger.startGroup(parent.getTransactionId(), "split", reference, true, skipQueue, specs);
            Map<String, BigInteger> debits = new LinkedHashMap<>();
            for (int i = 0; i < legs; i++) {
                debits.merge(overSources ? ends.get(i) : fixed, shares.get(i), BigInteger::add);
            }
            boolean applies = debits.entrySet().stream().allMatch(d -> available(d.getKey()).compareTo(d.getValue()) >= 0);
            if (skipQueue) {
                assertThat(ledger.reply(request).getOk()).as(context()).isEqualTo(applies);
            }
            for (TransactionSpec leg : specs) {
                String legOutcome = skipQueue ? leg.getReference() : leg.getReference() + "_q";
                if (!applies) {
                    assertThat(ledger.byReference(legOutcome).getStatus()).as(context()).isEqualTo("REJECTED");
                    transactions.put(leg.getReference(), rejected(leg.getSourceId(), leg.getDestinationId(),
                            new BigInteger(leg.getPreciseAmount())));
                    continue;
                }
                expectApplied(leg.getReference(), leg.getSourceId(), leg.getDestinationId(),
                        new BigInteger(leg.getPreciseAmount()), inflight, skipQueue);
            }
        }

        /** A bulk batch of 2-5 transfers: atomic (all or none) or not (each item on its own). */
        private void bulk() {
            boolean atomic = random.nextBoolean();
            String batch = Ids.bulkBatchId(new UUID(seed, references));
            List<TransactionSpec> items = new ArrayList<>();
            int count = 2 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String from = hotPick();
                String to = otherThan(from);
                items.add(TransactionGroups.bulkItem(LedgerDriver.spec(nextReference(), from, to,
                        amount().toString(), false, spec -> { }), batch, i + 1, atomic, false));
            }
            record("bulk " + (atomic ? "atomic " : "") + items.stream().map(t -> t.getSourceId() + "->"
                    + t.getDestinationId() + " " + t.getPreciseAmount()).toList());
            ledger.startGroup(batch, "bulk", "", atomic, false, items);
            Map<String, BigInteger> debits = new LinkedHashMap<>();
            items.forEach(t -> debits.merge(t.getSourceId(), new BigInteger(t.getPreciseAmount()), BigInteger::add));
            boolean allApply = debits.entrySet().stream().allMatch(d -> available(d.getKey()).compareTo(d.getValue()) >= 0);
            if (!atomic && !allApply) {
                overcommittedItems(items);
                return;
            }
            // Items travel side by side: every item's debit is decided (in item order) before any item's credit
            // lands, so money an item brings to a balance cannot pay for another item of the same batch.
            Map<String, BigInteger> spendable = new HashMap<>();
            List<Boolean> decisions = new ArrayList<>();
            for (TransactionSpec item : items) {
                BigInteger amount = new BigInteger(item.getPreciseAmount());
                BigInteger left = spendable.computeIfAbsent(item.getSourceId(), this::available);
                boolean applies = atomic ? allApply : left.compareTo(amount) >= 0;
                if (applies) {
                    spendable.put(item.getSourceId(), left.subtract(amount));
                }
                decisions.add(applies);
            }
            for (int i = 0; i < items.size(); i++) {
                TransactionSpec item = items.get(i);
                BigInteger amount = new BigInteger(item.getPreciseAmount());
                if (decisions.get(i)) {
                    expectApplied(item.getReference(), item.getSourceId(), item.getDestinationId(), amount, false);
                } else {
                    assertThat(ledger.outcome(item.getReference()).getStatus()).as(context()).isEqualTo("REJECTED");
                    transactions.put(item.getReference(), rejected(item.getSourceId(), item.getDestinationId(), amount));
                }
            }
        }

        /**
         * A non-atomic batch in which some source cannot pay for all of its items. Its items are independent
         * transactions, each first checked by the coordinator that owns its id (a partition of its own), and a
         * source decides them in the order they reach it, which is not item order (items whose coordinators share
         * a partition travel together), so which of them are refused is not fixed. What is fixed: whatever the topology applied, the model applies too (so every balance is compared
         * after the operation), no source pays more than it had, and an item is refused only if it could not fit
         * next to the items of its source that were applied.
         */
        private void overcommittedItems(List<TransactionSpec> items) {
            Map<String, BigInteger> before = new HashMap<>();
            items.forEach(item -> before.computeIfAbsent(item.getSourceId(), this::available));
            Map<String, BigInteger> applied = new HashMap<>();
            List<TransactionSpec> refused = new ArrayList<>();
            for (TransactionSpec item : items) {
                BigInteger amount = new BigInteger(item.getPreciseAmount());
                if ("APPLIED".equals(ledger.outcome(item.getReference()).getStatus())) {
                    expectApplied(item.getReference(), item.getSourceId(), item.getDestinationId(), amount, false);
                    applied.merge(item.getSourceId(), amount, BigInteger::add);
                } else {
                    assertThat(ledger.outcome(item.getReference()).getStatus()).as(context()).isEqualTo("REJECTED");
                    transactions.put(item.getReference(), rejected(item.getSourceId(), item.getDestinationId(), amount));
                    refused.add(item);
                }
            }
            Map<String, BigInteger> incoming = new HashMap<>();
            items.forEach(item -> incoming.merge(item.getDestinationId(), new BigInteger(item.getPreciseAmount()),
                    BigInteger::add));
            applied.forEach((source, paid) -> assertThat(paid).as("paid more than it had: " + context())
                    .isLessThanOrEqualTo(before.get(source).add(incoming.getOrDefault(source, BigInteger.ZERO))));
            for (TransactionSpec item : refused) {
                BigInteger room = before.get(item.getSourceId())
                        .subtract(applied.getOrDefault(item.getSourceId(), BigInteger.ZERO));
                assertThat(new BigInteger(item.getPreciseAmount())).as("refused although it fits: " + context())
                        .isGreaterThan(room);
            }
        }

        private BigInteger available(String balanceId) {
            ModelBalance balance = balances.get(balanceId);
            return balance.balance().subtract(balance.heldOut);
        }

        // --- the model ---------------------------------------------------------------------------

        private void expectApplied(String reference, String from, String to, BigInteger amount, boolean inflight) {
            expectApplied(reference, from, to, amount, inflight, false);
        }

        private void expectApplied(String reference, String from, String to, BigInteger amount, boolean inflight,
                                   boolean skipQueue) {
            ModelBalance source = balances.get(from);
            ModelBalance destination = balances.get(to);
            ModelTransaction transaction = new ModelTransaction(from, to, amount, inflight);
            if (inflight) {
                source.heldOut = source.heldOut.add(amount);
                destination.heldIn = destination.heldIn.add(amount);
                transaction.status = "INFLIGHT";
            } else {
                source.debit = source.debit.add(amount);
                destination.credit = destination.credit.add(amount);
                transaction.status = "APPLIED";
            }
            transactions.put(reference, transaction);
            String outcome = skipQueue ? reference : reference + "_q";
            assertThat(ledger.byReference(outcome).getStatus()).as(context()).isEqualTo(transaction.status);
        }

        private ModelTransaction rejected(String from, String to, BigInteger amount) {
            ModelTransaction transaction = new ModelTransaction(from, to, amount, false);
            transaction.status = "REJECTED";
            return transaction;
        }

        private static String refusalOfAction(ModelTransaction hold) {
            if ("VOID".equals(hold.status)) {
                return "ALREADY_VOIDED";
            }
            if (hold.inflight && hold.committed.equals(hold.amount)) {
                return "ALREADY_COMMITTED";
            }
            return "INFLIGHT".equals(hold.status) ? null : "NOT_INFLIGHT";
        }

        private void check(int step) {
            for (Map.Entry<String, ModelBalance> expected : balances.entrySet()) {
                BalanceState actual = ledger.store().get(expected.getKey());
                assertThat(actual).as(context()).isNotNull();
                ModelBalance model = expected.getValue();
                assertThat(actual.getReservedDebits()).as("set aside at rest on %s; %s", expected.getKey(), context())
                        .isNull();
                assertThat(new BigInteger(actual.getCreditBalance())).as("credit of %s; %s", expected.getKey(), context())
                        .isEqualTo(model.credit);
                assertThat(new BigInteger(actual.getDebitBalance())).as("debit of %s; %s", expected.getKey(), context())
                        .isEqualTo(model.debit);
                assertThat(new BigInteger(actual.getInflightDebitBalance())).as("held out of %s; %s", expected.getKey(),
                        context()).isEqualTo(model.heldOut);
                assertThat(new BigInteger(actual.getInflightCreditBalance())).as("held in of %s; %s", expected.getKey(),
                        context()).isEqualTo(model.heldIn);
            }
            BigInteger sum = balances.values().stream().map(ModelBalance::balance).reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(sum).as("conservation; %s", context()).isZero();
            if (step % 50 == 0 || step == OPERATIONS - 1) {
                assertChainsGapless(ledger.entries());
            }
        }

        private void assertChainsGapless(List<BalanceEntry> entries) {
            Map<String, BalanceEntry> heads = new HashMap<>();
            for (BalanceEntry entry : entries) {
                BalanceEntry previous = heads.get(entry.getBalanceId());
                assertThat(entry.getVersion()).as(context()).isEqualTo(previous == null ? 0 : previous.getVersion() + 1);
                if (previous != null) {
                    assertThat(entry.getPrevHash()).as(context()).isEqualTo(previous.getHash());
                }
                heads.put(entry.getBalanceId(), entry);
            }
        }

        // --- workload helpers ----------------------------------------------------------------------

        private String pick() {
            return accounts.get(random.nextInt(accounts.size()));
        }

        /** Any balance but {@code balanceId}: the other end of a transfer. */
        private String otherThan(String balanceId) {
            String other = pick();
            while (other.equals(balanceId)) {
                other = pick();
            }
            return other;
        }

        /** Two of the six balances take most of the debits: hot balances. */
        private String hotPick() {
            return random.nextInt(10) < 7 ? accounts.get(random.nextInt(2)) : pick();
        }

        private BigInteger amount() {
            return BigInteger.valueOf(1 + random.nextInt(random.nextInt(10) == 0 ? 100_000 : 5_000));
        }

        private String nextReference() {
            return "sim-" + seed + "-" + (references++);
        }

        private ModelTransaction anyTransaction(boolean preferInflight) {
            List<ModelTransaction> candidates = transactions.values().stream()
                    .filter(t -> !preferInflight || t.inflight || random.nextInt(8) == 0).toList();
            return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
        }

        private String referenceOf(ModelTransaction transaction) {
            return transactions.entrySet().stream().filter(e -> e.getValue() == transaction).findFirst()
                    .orElseThrow().getKey();
        }

        private void record(String operation) {
            log.add(operation);
        }

        private String context() {
            List<String> tail = log.subList(Math.max(0, log.size() - 8), log.size());
            return "seed " + seed + " (rerun: -Dledger.topology.sim.seed=" + seed + "), last operations " + tail;
        }
    }
}
