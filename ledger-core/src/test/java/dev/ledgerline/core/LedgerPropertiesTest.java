package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/*
 * Goal: whatever commands arrive, the three-step transfer (prepareCredit at the destination, debit
 * at the source, credit at the destination) keeps the ledger's invariants.
 * Method: jqwik generates sequences of balance openings and transfers (1-3 currencies, @indicator
 * balances, unknown balances, currency mismatches, zero/negative/huge amounts, random overdraft
 * permissions and limits); ThreeStepLedger applies them to a Map<String, Balance> exactly as the
 * processor's stages do, and the invariants are checked after every command.
 */
class LedgerPropertiesTest {

    static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY");
    static final List<String> INDICATORS = List.of("@World", "@Bank");
    static final int PLAIN_SLOTS = 4;

    /** The processor's three stages, in-process: balance state per id, entries per id in write order. */
    static final class ThreeStepLedger {
        final Map<String, Balance> balances = new LinkedHashMap<>();
        final Map<String, List<Entry>> entries = new HashMap<>();
        long clock = 1_700_000_000_000L;

        /** Open a balance at its worker; null when applied, else the reason. */
        RejectionReason open(OpenBalance command) {
            return step(command.balanceId(), BalanceDecisions.open(balances.get(command.balanceId()), command));
        }

        /** Run the three steps; null when the transfer applied, else the reason of the step that refused it. */
        RejectionReason transfer(Transfer t) {
            RejectionReason reason = step(t.destinationId(), BalanceDecisions.prepareCredit(balances.get(t.destinationId()), t, ++clock));
            if (reason != null) {
                return reason;
            }
            reason = step(t.sourceId(), BalanceDecisions.debit(balances.get(t.sourceId()), t, ++clock));
            if (reason != null) {
                return reason;
            }
            Decision credit = BalanceDecisions.credit(balances.get(t.destinationId()), t, ++clock);
            if (step(t.destinationId(), credit) != null) {
                throw new AssertionError("credit must always apply");
            }
            return null;
        }

        private RejectionReason step(String balanceId, Decision decision) {
            if (decision instanceof Decision.Rejected rejected) {
                return rejected.reason();
            }
            Decision.Applied applied = (Decision.Applied) decision;
            if (!applied.balance().balanceId().equals(balanceId)) {
                throw new AssertionError("decision for " + balanceId + " returned " + applied.balance().balanceId());
            }
            balances.put(balanceId, applied.balance());
            entries.computeIfAbsent(balanceId, k -> new ArrayList<>()).addAll(applied.entries());
            return null;
        }

        Map<String, Balance> snapshot() {
            return new LinkedHashMap<>(balances);
        }
    }

    sealed interface Cmd permits OpenCmd, TransferCmd {
    }

    record OpenCmd(int slot, String currency) implements Cmd {
    }

    record Ref(int slot, String indicator) {
        String id(String currency) {
            return indicator == null ? "bln_p" + slot : Ids.indicatorBalanceId(indicator, currency);
        }
    }

    record TransferCmd(Ref src, Ref dst, BigInteger amount, String currency, boolean allowOverdraft, BigInteger limit)
            implements Cmd {
        Transfer toTransfer(int n) {
            return new Transfer("txn_" + n, src.id(currency), dst.id(currency), src.indicator(), dst.indicator(),
                    amount, currency, allowOverdraft, limit, 1_000L + n);
        }
    }

    @Property(tries = 300)
    void every_command_sequence_keeps_the_ledger_invariants(@ForAll("commands") List<Cmd> commands) {
        ThreeStepLedger ledger = new ThreeStepLedger();
        Map<String, BigInteger> credited = new HashMap<>();
        Map<String, BigInteger> debited = new HashMap<>();
        Set<String> everAllowedBelowZero = new HashSet<>();
        int n = 0;
        for (Cmd cmd : commands) {
            n++;
            Map<String, Balance> before = ledger.snapshot();
            // Given the ledger so far; When one command is applied
            if (cmd instanceof OpenCmd open) {
                RejectionReason reason = ledger.open(new OpenBalance("bln_p" + open.slot(), "ldg_1", open.currency(),
                        null, "", "{}", ledger.clock));
                // Then an opening either applies or is a duplicate that changes nothing
                if (reason != null) {
                    assertThat(reason).isEqualTo(RejectionReason.BALANCE_ALREADY_EXISTS);
                    assertThat(ledger.balances).isEqualTo(before);
                }
            } else {
                TransferCmd tc = (TransferCmd) cmd;
                Transfer t = tc.toTransfer(n);
                boolean permitted = t.overdraftLimit().signum() > 0 || t.allowOverdraft();
                if (permitted) {
                    everAllowedBelowZero.add(t.sourceId());
                }
                RejectionReason reason = ledger.transfer(t);
                Statistics.label("transfer outcome").collect(reason == null ? "APPLIED" : reason.name());
                if (reason == null) {
                    credited.merge(t.destinationId(), t.amount(), BigInteger::add);
                    debited.merge(t.sourceId(), t.amount(), BigInteger::add);
                    // (d) the debit respected its permission: available >= -limit unless unlimited
                    boolean unlimited = t.allowOverdraft() && t.overdraftLimit().signum() == 0;
                    if (!unlimited) {
                        BigInteger floor = t.overdraftLimit().max(BigInteger.ZERO).negate();
                        Balance src = ledger.balances.get(t.sourceId());
                        BigInteger availableAfterDebitOnly = t.sourceId().equals(t.destinationId())
                                ? src.available().subtract(t.amount()) : src.available();
                        assertThat(availableAfterDebitOnly).as("source floor after %s", t).isGreaterThanOrEqualTo(floor);
                    }
                } else {
                    // (b) a rejected transfer changes no existing balance; the only thing it may leave behind is the
                    // zero @indicator destination that prepareCredit opened before the debit refused (as Blnk does)
                    Map<String, Balance> after = ledger.snapshot();
                    Map<String, Balance> added = new HashMap<>(after);
                    before.keySet().forEach(added::remove);
                    after.keySet().retainAll(before.keySet());
                    assertThat(after).as("existing balances after rejected %s (%s)", t, reason).isEqualTo(before);
                    if (!added.isEmpty()) {
                        assertThat(added.keySet()).containsExactly(t.destinationId());
                        Balance created = added.get(t.destinationId());
                        assertThat(t.destinationIndicator()).isNotNull();
                        assertThat(created.indicator()).isEqualTo(t.destinationIndicator());
                        assertThat(created.version()).isZero();
                        assertThat(created.balance()).isZero();
                        assertThat(reason.ordinal()).isGreaterThan(RejectionReason.DESTINATION_CURRENCY_MISMATCH.ordinal());
                    }
                }
            }
            checkInvariants(ledger, credited, debited, everAllowedBelowZero);
        }
    }

    private static void checkInvariants(ThreeStepLedger ledger, Map<String, BigInteger> credited,
                                        Map<String, BigInteger> debited, Set<String> everAllowedBelowZero) {
        // (a) money is conserved per currency
        Map<String, BigInteger> sums = new HashMap<>();
        for (Balance b : ledger.balances.values()) {
            sums.merge(b.currency(), b.balance(), BigInteger::add);
        }
        sums.forEach((currency, sum) -> assertThat(sum).as("sum of %s balances", currency).isZero());
        for (Balance b : ledger.balances.values()) {
            String id = b.balanceId();
            // (c) the entries form a gapless, correctly sealed chain ending at the balance's head
            List<Entry> chain = ledger.entries.get(id);
            assertThat(chain).as("entries of %s", id).isNotEmpty();
            Balance prev = null;
            for (int v = 0; v < chain.size(); v++) {
                Entry e = chain.get(v);
                assertThat(e.version()).isEqualTo(v);
                assertThat(e.kind() == EntryKind.OPEN).isEqualTo(v == 0);
                Invariants.checkEntryFollows(prev, e);
                prev = stateOf(e);
            }
            Entry head = chain.get(chain.size() - 1);
            assertThat(b.version()).isEqualTo(head.version());
            assertThat(b.headHash()).isEqualTo(head.hash());
            // (e) balance == credit - debit, and credit/debit are exactly what applied transfers moved
            assertThat(b.balance()).isEqualTo(b.creditBalance().subtract(b.debitBalance()));
            assertThat(head.balance()).isEqualTo(b.balance());
            assertThat(head.creditBalance()).isEqualTo(b.creditBalance());
            assertThat(head.debitBalance()).isEqualTo(b.debitBalance());
            assertThat(b.creditBalance()).isEqualTo(credited.getOrDefault(id, BigInteger.ZERO));
            assertThat(b.debitBalance()).isEqualTo(debited.getOrDefault(id, BigInteger.ZERO));
            Invariants.checkBalance(b);
            // (d) a balance never debited with overdraft permission never goes below zero available
            if (!everAllowedBelowZero.contains(id)) {
                assertThat(b.available()).as("available of %s", id).isGreaterThanOrEqualTo(BigInteger.ZERO);
            }
        }
    }

    /** The balance state an entry records (what the next entry must link to). */
    static Balance stateOf(Entry e) {
        return new Balance(e.balanceId(), e.ledgerId(), e.currency(), e.indicator(), e.identityId(), e.creditBalance(),
                e.debitBalance(), e.inflightCreditBalance(), e.inflightDebitBalance(), e.version(), e.hash(),
                e.balanceCreatedAtMs(), e.metaDataJson());
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        Arbitrary<String> currency = Arbitraries.integers().between(1, 3)
                .flatMap(k -> Arbitraries.of(CURRENCIES.subList(0, k)));
        Arbitrary<Cmd> open = Combinators.combine(Arbitraries.integers().between(0, PLAIN_SLOTS - 1), currency)
                .as(OpenCmd::new);
        Arbitrary<Ref> ref = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, PLAIN_SLOTS - 1).map(s -> new Ref(s, null))),
                Tuple.of(2, Arbitraries.of(INDICATORS).map(i -> new Ref(0, i))));
        Arbitrary<BigInteger> amount = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.valueOf(-2), BigInteger.ZERO)),
                Tuple.of(20, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_000))),
                Tuple.of(4, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TEN.pow(40))));
        Arbitrary<BigInteger> limit = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(3, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(2_000))),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.valueOf(-5), BigInteger.TEN.pow(42))));
        Arbitrary<Cmd> transfer = Combinators.combine(ref, ref, amount, currency, Arbitraries.of(true, false), limit)
                .as(TransferCmd::new);
        return Arbitraries.frequencyOf(Tuple.of(1, open), Tuple.of(2, transfer)).list().ofMinSize(1).ofMaxSize(60);
    }
}
