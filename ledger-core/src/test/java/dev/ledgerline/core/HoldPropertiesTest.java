package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/*
 * Goal: whatever mix of inflight creates, partial commits (some beyond the hold), voids and plain
 * transfers arrives, and in whatever order the commit/void legs are delivered, holds stay exact:
 * (a) settled balances and inflight balances are each conserved per currency (zero at quiescence),
 * (b) a transaction never commits more than it held and each balance's inflight_debit /
 * inflight_credit equals the holds still open on it, (c) partial commits never add up to more than
 * the original, (d) a refused action changes nothing.
 * Method: jqwik generates command sequences; an in-test coordinator decides each action with
 * TransactionLifecycle (reserving at once, as the processor does) and queues its two legs (source,
 * then destination); a Deliver command applies one pending leg of a random action with
 * BalanceDecisions.settleHold, so legs of different actions interleave. The three-step transfer comes
 * from LedgerPropertiesTest.ThreeStepLedger. Invariants are checked after every command, counting
 * legs in transit, and again after all legs are drained.
 */
class HoldPropertiesTest {

    static final List<String> CURRENCIES = List.of("USD", "EUR");
    static final int SLOTS = 6; // even slots hold USD, odd slots EUR

    static String slot(int s) {
        return "bln_h" + s;
    }

    /** The coordinator's view of one transaction plus what its legs have done so far. */
    static final class Tx {
        final Transfer transfer;
        TransactionLifecycle.State state;
        BigInteger sourceReleased = BigInteger.ZERO; // commit + void legs applied at the source
        BigInteger destinationReleased = BigInteger.ZERO; // commit + void legs applied at the destination
        BigInteger voidedAmount = BigInteger.ZERO;

        Tx(Transfer transfer, TransactionLifecycle.State state) {
            this.transfer = transfer;
            this.state = state;
        }
    }

    /** An accepted commit or void whose legs are not all applied yet. */
    static final class PendingAction {
        final String txId;
        final HoldAction action;
        final BigInteger amount;
        boolean sourceDone;

        PendingAction(String txId, HoldAction action, BigInteger amount) {
            this.txId = txId;
            this.action = action;
            this.amount = amount;
        }
    }

    static final class HoldLedger {
        final LedgerPropertiesTest.ThreeStepLedger ledger = new LedgerPropertiesTest.ThreeStepLedger();
        final Map<String, Tx> txs = new LinkedHashMap<>();
        final List<PendingAction> pending = new ArrayList<>();
        final Map<String, Integer> checkedEntries = new HashMap<>(); // per balance, entries already verified
        final Map<String, BigInteger> commitDebits = new HashMap<>(); // per transaction, COMMIT_DEBIT amounts written
        final Map<String, BigInteger> commitCredits = new HashMap<>(); // per transaction, COMMIT_CREDIT amounts written
        int counter;

        RejectionReason create(Transfer t) {
            RejectionReason reason = ledger.transfer(t);
            txs.put(t.transactionId(), new Tx(t, reason == null
                    ? new TransactionLifecycle.State(t.inflight() ? TransactionStatus.INFLIGHT : TransactionStatus.APPLIED,
                            t.inflight() ? t.amount() : BigInteger.ZERO, BigInteger.ZERO, false, false)
                    : new TransactionLifecycle.State(TransactionStatus.REJECTED, BigInteger.ZERO, BigInteger.ZERO,
                            false, false)));
            return reason;
        }

        TransactionLifecycle.State stateOf(String txId) {
            Tx tx = txs.get(txId);
            return tx == null ? new TransactionLifecycle.State(null, BigInteger.ZERO, BigInteger.ZERO, false, false) : tx.state;
        }

        RejectionReason commit(String txId, BigInteger requested) {
            TransactionLifecycle.ActionDecision d = TransactionLifecycle.commit(stateOf(txId), requested);
            if (!d.isAccepted()) {
                return d.refusal();
            }
            Tx tx = txs.get(txId);
            TransactionLifecycle.State s = tx.state;
            tx.state = CoordinatorDecisions.afterAction(s, true, d.accepted());
            pending.add(new PendingAction(txId, HoldAction.COMMIT, d.accepted().amount()));
            return null;
        }

        RejectionReason voidRemaining(String txId) {
            TransactionLifecycle.ActionDecision d = TransactionLifecycle.voidRemaining(stateOf(txId));
            if (!d.isAccepted()) {
                return d.refusal();
            }
            Tx tx = txs.get(txId);
            TransactionLifecycle.State s = tx.state;
            tx.state = CoordinatorDecisions.afterAction(s, false, d.accepted());
            tx.voidedAmount = tx.voidedAmount.add(d.accepted().amount());
            pending.add(new PendingAction(txId, HoldAction.VOID, d.accepted().amount()));
            return null;
        }

        /** Apply the next leg of the {@code pick}-th pending action (source first, then destination). */
        void deliver(int pick) {
            if (pending.isEmpty()) {
                return;
            }
            PendingAction p = pending.get(Math.floorMod(pick, pending.size()));
            Tx tx = txs.get(p.txId);
            Transfer t = tx.transfer;
            long now = ++ledger.clock;
            if (!p.sourceDone) {
                Decision d = BalanceDecisions.settleHold(ledger.balances.get(t.sourceId()), p.action, HoldSide.SOURCE,
                        p.amount, t.transactionId(), now, t.effectiveAtMs());
                apply(t.sourceId(), d);
                tx.sourceReleased = tx.sourceReleased.add(p.amount);
                p.sourceDone = true;
            } else {
                Decision d = BalanceDecisions.settleHold(ledger.balances.get(t.destinationId()), p.action,
                        HoldSide.DESTINATION, p.amount, t.transactionId(), now, t.effectiveAtMs());
                apply(t.destinationId(), d);
                tx.destinationReleased = tx.destinationReleased.add(p.amount);
                pending.remove(p);
            }
        }

        void drain() {
            while (!pending.isEmpty()) {
                deliver(0);
            }
        }

        private void apply(String id, Decision d) {
            Decision.Applied applied = (Decision.Applied) d;
            ledger.balances.put(id, applied.balance());
            ledger.entries.computeIfAbsent(id, k -> new ArrayList<>()).addAll(applied.entries());
        }
    }

    sealed interface Cmd permits Fund, Move, Commit, VoidCmd, Deliver {
    }

    record Fund(int slot, BigInteger amount) implements Cmd {
    }

    /** {@code dst < 0}: a different balance of the source's currency; {@code mismatch}: the other currency. */
    record Move(int src, int dst, BigInteger amount, boolean mismatch, boolean allowOverdraft, BigInteger limit,
                boolean inflight) implements Cmd {
        int destination() {
            return dst >= 0 ? dst : (src + 2 * (1 + Math.floorMod(dst, SLOTS / 2 - 1))) % SLOTS;
        }

        String currency() {
            return CURRENCIES.get((src + (mismatch ? 1 : 0)) % 2);
        }
    }

    /** {@code pick} chooses a known transaction (or, past the end, an unknown one); {@code shape} the requested amount. */
    record Commit(int pick, int shape, BigInteger raw) implements Cmd {
    }

    record VoidCmd(int pick) implements Cmd {
    }

    record Deliver(int pick) implements Cmd {
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void holds_stay_exact_under_any_sequence_of_creates_commits_voids_and_transfers(@ForAll("commands") List<Cmd> commands) {
        HoldLedger h = new HoldLedger();
        for (int s = 0; s < SLOTS; s++) {
            h.ledger.open(new OpenBalance(slot(s), "ldg_1", CURRENCIES.get(s % 2), null, "", "{}", h.ledger.clock));
        }
        for (Cmd cmd : commands) {
            // Given the ledger and coordinator so far
            Map<String, Balance> before = new LinkedHashMap<>(h.ledger.balances);
            Map<String, TransactionLifecycle.State> statesBefore = states(h);
            int pendingBefore = h.pending.size();
            RejectionReason refusal = null;
            String label;
            // When one command is applied
            if (cmd instanceof Fund f) {
                String id = slot(f.slot());
                String currency = CURRENCIES.get(f.slot() % 2);
                refusal = h.create(new Transfer("txn_" + h.counter++, Ids.indicatorBalanceId("@World", currency), id,
                        "@World", null, f.amount(), currency, true, BigInteger.ZERO, h.ledger.clock));
                label = "fund";
                assertThat(refusal).isNull();
            } else if (cmd instanceof Move m) {
                refusal = h.create(new Transfer("txn_" + h.counter++, slot(m.src()), slot(m.destination()), null, null,
                        m.amount(), m.currency(), m.allowOverdraft(), m.limit(), h.ledger.clock, m.inflight()));
                label = m.inflight() ? "inflight create" : "plain transfer";
            } else if (cmd instanceof Commit c) {
                String txId = pickTx(h, c.pick());
                refusal = h.commit(txId, requested(h, txId, c.shape(), c.raw()));
                label = "commit";
            } else if (cmd instanceof VoidCmd v) {
                refusal = h.voidRemaining(pickTx(h, v.pick()));
                label = "void";
            } else {
                h.deliver(((Deliver) cmd).pick());
                label = "deliver";
            }
            Statistics.label(label).collect(refusal == null ? "ACCEPTED" : refusal.name());
            // Then (d) a refused action changes no balance, no transaction state and queues no leg
            if (refusal != null) {
                assertThat(h.ledger.balances).as("balances after refused %s", cmd).isEqualTo(before);
                assertThat(h.pending).hasSize(pendingBefore);
                Map<String, TransactionLifecycle.State> statesAfter = states(h);
                if (cmd instanceof Move) {
                    statesAfter.keySet().retainAll(statesBefore.keySet()); // only the new REJECTED record is added
                }
                assertThat(statesAfter).as("transaction states after refused %s", cmd).isEqualTo(statesBefore);
            }
            checkInvariants(h);
        }
        // and at quiescence (all legs applied) the same invariants hold with nothing in transit
        h.drain();
        checkInvariants(h);
        Map<String, BigInteger[]> sums = sums(h);
        sums.forEach((currency, s) -> {
            assertThat(s[0]).as("settled sum of %s at quiescence", currency).isZero();
            assertThat(s[1]).as("inflight sum of %s at quiescence", currency).isZero();
        });
        for (Tx tx : h.txs.values()) {
            assertThat(tx.sourceReleased).isEqualTo(tx.state.committed().add(tx.voidedAmount));
            assertThat(tx.destinationReleased).isEqualTo(tx.sourceReleased);
        }
    }

    /** Mostly a transaction created inflight; sometimes any transaction, or an unknown one. */
    private static String pickTx(HoldLedger h, int pick) {
        List<String> holds = h.txs.entrySet().stream()
                .filter(e -> pick % 3 == 0 ? e.getValue().transfer.inflight()
                        : TransactionStatus.INFLIGHT.equals(e.getValue().state.status()))
                .map(Map.Entry::getKey).toList();
        if (pick % 7 != 0 && !holds.isEmpty()) {
            // recent holds are the likeliest targets, as in real traffic
            return holds.get(holds.size() - 1 - Math.floorMod(pick / 5, Math.min(holds.size(), 4)));
        }
        List<String> ids = new ArrayList<>(h.txs.keySet());
        int i = Math.floorMod(pick, ids.size() + 1);
        return i == ids.size() ? "txn_unknown" : ids.get(i);
    }

    /** null, zero, an exact part, exactly what remains, one more than remains, a random (often too big) amount, -1. */
    private static BigInteger requested(HoldLedger h, String txId, int shape, BigInteger raw) {
        BigInteger remaining = h.stateOf(txId).remaining().max(BigInteger.ONE);
        return switch (shape) {
            case 0 -> null;
            case 1 -> BigInteger.ZERO;
            case 2 -> raw.mod(remaining).add(BigInteger.ONE);
            case 3 -> remaining;
            case 4 -> remaining.add(BigInteger.ONE);
            case 5 -> BigInteger.ONE.negate();
            default -> raw;
        };
    }

    private static Map<String, TransactionLifecycle.State> states(HoldLedger h) {
        Map<String, TransactionLifecycle.State> states = new HashMap<>();
        h.txs.forEach((id, tx) -> states.put(id, tx.state));
        return states;
    }

    /** Per currency: {settled sum + commits in transit, inflight sum - releases in transit}. */
    private static Map<String, BigInteger[]> sums(HoldLedger h) {
        Map<String, BigInteger[]> sums = new HashMap<>();
        for (Balance b : h.ledger.balances.values()) {
            BigInteger[] s = sums.computeIfAbsent(b.currency(), k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            s[0] = s[0].add(b.balance());
            s[1] = s[1].add(b.inflightBalance());
        }
        return sums;
    }

    private static void checkInvariants(HoldLedger h) {
        // (a) conservation per currency, counting legs in transit (source applied, destination not yet)
        Map<String, BigInteger[]> sums = sums(h);
        for (PendingAction p : h.pending) {
            if (p.sourceDone) {
                BigInteger[] s = sums.get(h.txs.get(p.txId).transfer.currency());
                if (p.action == HoldAction.COMMIT) {
                    s[0] = s[0].add(p.amount);
                }
                s[1] = s[1].subtract(p.amount);
            }
        }
        sums.forEach((currency, s) -> {
            assertThat(s[0]).as("settled sum of %s (with commits in transit)", currency).isZero();
            assertThat(s[1]).as("inflight sum of %s (with releases in transit)", currency).isZero();
        });
        // (b) holds never exceed what was reserved; each pool is exactly the open holds on that balance
        Map<String, BigInteger> expectedInflightDebit = new HashMap<>();
        Map<String, BigInteger> expectedInflightCredit = new HashMap<>();
        for (Map.Entry<String, Tx> e : h.txs.entrySet()) {
            Tx tx = e.getValue();
            TransactionLifecycle.State s = tx.state;
            assertThat(s.committed()).as("committed of %s", e.getKey()).isLessThanOrEqualTo(s.held());
            assertThat(s.committed().add(tx.voidedAmount)).as("reserved of %s", e.getKey()).isLessThanOrEqualTo(s.held());
            assertThat(s.committed().signum()).isGreaterThanOrEqualTo(0);
            if (s.held().signum() > 0) {
                expectedInflightDebit.merge(tx.transfer.sourceId(), s.held().subtract(tx.sourceReleased), BigInteger::add);
                expectedInflightCredit.merge(tx.transfer.destinationId(), s.held().subtract(tx.destinationReleased),
                        BigInteger::add);
            }
            if (TransactionStatus.INFLIGHT.equals(s.status())) {
                assertThat(s.remaining().signum()).as("an INFLIGHT transaction still holds something").isPositive();
            }
        }
        for (Balance b : h.ledger.balances.values()) {
            assertThat(b.inflightDebitBalance()).as("inflight_debit of %s", b.balanceId())
                    .isEqualTo(expectedInflightDebit.getOrDefault(b.balanceId(), BigInteger.ZERO));
            assertThat(b.inflightCreditBalance()).as("inflight_credit of %s", b.balanceId())
                    .isEqualTo(expectedInflightCredit.getOrDefault(b.balanceId(), BigInteger.ZERO));
            Invariants.checkBalance(b);
            // every new entry continues the chain
            List<Entry> chain = h.ledger.entries.get(b.balanceId());
            int from = h.checkedEntries.getOrDefault(b.balanceId(), 0);
            Balance prev = from == 0 ? null : LedgerPropertiesTest.stateOf(chain.get(from - 1));
            for (Entry entry : chain.subList(from, chain.size())) {
                Invariants.checkEntryFollows(prev, entry);
                prev = LedgerPropertiesTest.stateOf(entry);
                if (entry.kind() == EntryKind.COMMIT_DEBIT) {
                    h.commitDebits.merge(entry.transactionId(), entry.amount(), BigInteger::add);
                } else if (entry.kind() == EntryKind.COMMIT_CREDIT) {
                    h.commitCredits.merge(entry.transactionId(), entry.amount(), BigInteger::add);
                }
            }
            h.checkedEntries.put(b.balanceId(), chain.size());
            assertThat(b.headHash()).isEqualTo(chain.get(chain.size() - 1).hash());
        }
        // (c) the commits written to the ledger never add up to more than the original amount
        h.commitDebits.forEach((txId, sum) -> assertThat(sum).as("committed at the source of %s", txId)
                .isLessThanOrEqualTo(h.txs.get(txId).transfer.amount()));
        h.commitCredits.forEach((txId, sum) -> assertThat(sum).as("committed at the destination of %s", txId)
                .isLessThanOrEqualTo(h.commitDebits.get(txId)));
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, SLOTS - 1);
        Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_000));
        Arbitrary<BigInteger> amount = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.valueOf(-1), BigInteger.ZERO)),
                Tuple.of(20, small),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TEN.pow(30))));
        Arbitrary<BigInteger> limit = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(500))));
        Arbitrary<Cmd> fund = Combinators.combine(slot,
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(5_000))).as(Fund::new);
        Arbitrary<Integer> dst = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-SLOTS, -1)),
                Tuple.of(1, slot));
        Arbitrary<Boolean> mismatch = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(false)),
                Tuple.of(1, Arbitraries.just(true)));
        Arbitrary<Cmd> move = Combinators.combine(slot, dst, amount, mismatch,
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))), limit,
                Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(false)), Tuple.of(3, Arbitraries.just(true))))
                .as(Move::new);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Cmd> commit = Combinators.combine(pick, Arbitraries.integers().between(0, 7),
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_500))).as(Commit::new);
        Arbitrary<Cmd> voidCmd = pick.map(VoidCmd::new);
        Arbitrary<Cmd> deliver = pick.map(Deliver::new);
        return Arbitraries.frequencyOf(Tuple.of(2, fund), Tuple.of(4, move), Tuple.of(4, commit), Tuple.of(2, voidCmd),
                Tuple.of(5, deliver)).list().ofMinSize(1).ofMaxSize(120)
                .withSizeDistribution(RandomDistribution.uniform());
    }
}
