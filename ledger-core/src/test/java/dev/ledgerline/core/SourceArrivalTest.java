package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/*
 * Goal: a source decides its transfers in the order they reach it, whether a transfer's destination is checked
 * first (a hop whose answer comes back at any later moment) or not. Method: one source balance driven through
 * SourceArrival and BalanceDecisions exactly as its worker drives them, with the destination checks answered in a
 * random order, against the plain model "decide each transfer in arrival order".
 */
class SourceArrivalTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String SOURCE = "bln_src";

    @Property(tries = 300)
    void checks_answered_in_any_order_give_the_decisions_of_arrival_order(@ForAll long seed) {
        Random random = new Random(seed);
        // Given a funded source and transfers of random sizes, some to destinations its task knows
        BigInteger funds = BigInteger.valueOf(1 + random.nextInt(5_000));
        Balance source = funded(funds);
        int count = 2 + random.nextInt(12);
        List<Transfer> transfers = new ArrayList<>();
        List<Boolean> checkedFirst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            transfers.add(transfer("txn_" + i, 1 + random.nextInt(1_500)));
            checkedFirst.add(random.nextBoolean());
        }

        // When they reach the source in order, and the destination checks come back in a random order
        BigInteger reserved = BigInteger.ZERO;
        Map<Integer, Boolean> applied = new LinkedHashMap<>();
        Map<Integer, Boolean> waiting = new LinkedHashMap<>();
        int next = 0;
        while (next < count || !waiting.isEmpty()) {
            boolean answerACheck = !waiting.isEmpty() && (next == count || random.nextBoolean());
            if (answerACheck) {
                List<Integer> pending = new ArrayList<>(waiting.keySet());
                int i = pending.get(random.nextInt(pending.size()));
                boolean wasReserved = waiting.remove(i);
                Transfer transfer = transfers.get(i);
                if (wasReserved) {
                    reserved = SourceArrival.release(reserved, transfer.amount(), transfer.transactionId());
                    Decision.Applied debited = (Decision.Applied) BalanceDecisions.debitReserved(source, reserved,
                            transfer, NOW);
                    source = debited.balance();
                    applied.put(i, true);
                } else {
                    applied.put(i, false); // the source's refusal travelled with the check and is the outcome
                }
                continue;
            }
            Transfer transfer = transfers.get(next);
            if (checkedFirst.get(next)) {
                SourceArrival.Decision arrival = SourceArrival.decide(source, reserved, transfer);
                if (arrival instanceof SourceArrival.Reserve reserve) {
                    reserved = reserved.add(reserve.amount());
                }
                assertThat(arrival).isNotInstanceOf(SourceArrival.NothingToReserve.class);
                waiting.put(next, arrival instanceof SourceArrival.Reserve);
            } else {
                Decision decision = BalanceDecisions.debit(source, reserved, transfer, NOW);
                if (decision instanceof Decision.Applied debited) {
                    source = debited.balance();
                }
                applied.put(next, decision instanceof Decision.Applied);
            }
            next++;
        }

        // Then exactly the transfers that arrival order applies are applied, and nothing stays set aside
        BigInteger left = funds;
        for (int i = 0; i < count; i++) {
            BigInteger amount = transfers.get(i).amount();
            boolean fits = left.compareTo(amount) >= 0;
            if (fits) {
                left = left.subtract(amount);
            }
            assertThat(applied.get(i)).as("transfer %d of %s (seed %d)", i, transfers, seed).isEqualTo(fits);
        }
        assertThat(reserved).isZero();
        assertThat(source.available()).isEqualTo(left);
    }

    @Example
    void an_amount_set_aside_is_not_available_to_a_later_transfer() {
        // Given 1000 on the source, 700 of it set aside for a transfer whose destination is being checked
        Balance source = funded(BigInteger.valueOf(1_000));
        SourceArrival.Decision first = SourceArrival.decide(source, BigInteger.ZERO, transfer("txn_1", 700));
        assertThat(first).isEqualTo(new SourceArrival.Reserve(BigInteger.valueOf(700)));

        // When a later transfer of 400 arrives, by either route
        SourceArrival.Decision checked = SourceArrival.decide(source, BigInteger.valueOf(700), transfer("txn_2", 400));
        Decision direct = BalanceDecisions.debit(source, BigInteger.valueOf(700), transfer("txn_2", 400), NOW);

        // Then both refuse it: only 300 is left
        assertThat(checked).isEqualTo(new SourceArrival.Refuse(RejectionReason.INSUFFICIENT_FUNDS));
        assertThat(direct).isEqualTo(new Decision.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
    }

    @Example
    void the_source_refuses_what_it_would_refuse_at_the_debit() {
        Balance source = funded(BigInteger.valueOf(10));
        assertThat(SourceArrival.decide(source, BigInteger.ZERO, transfer("txn_0", 0)))
                .isEqualTo(new SourceArrival.Refuse(RejectionReason.AMOUNT_MUST_BE_POSITIVE));
        assertThat(SourceArrival.decide(null, BigInteger.ZERO, transfer("txn_1", 5)))
                .isEqualTo(new SourceArrival.Refuse(RejectionReason.SOURCE_NOT_FOUND));
        Transfer euros = new Transfer("txn_2", SOURCE, "bln_dst", null, null, BigInteger.ONE, "EUR", false,
                BigInteger.ZERO, NOW);
        assertThat(SourceArrival.decide(source, BigInteger.ZERO, euros))
                .isEqualTo(new SourceArrival.Refuse(RejectionReason.SOURCE_CURRENCY_MISMATCH));
        Transfer withinLimit = new Transfer("txn_3", SOURCE, "bln_dst", null, null, BigInteger.valueOf(50), "USD",
                false, BigInteger.valueOf(40), NOW);
        assertThat(SourceArrival.decide(source, BigInteger.ZERO, withinLimit))
                .isEqualTo(new SourceArrival.Reserve(BigInteger.valueOf(50)));
        assertThat(SourceArrival.decide(source, BigInteger.ONE, withinLimit))
                .isEqualTo(new SourceArrival.Refuse(RejectionReason.OVERDRAFT_LIMIT_EXCEEDED));
    }

    @Example
    void nothing_is_set_aside_for_an_unlimited_overdraft_or_an_indicator_not_created_yet() {
        Transfer unlimited = new Transfer("txn_1", SOURCE, "bln_dst", null, null, BigInteger.valueOf(5_000), "USD",
                true, BigInteger.ZERO, NOW);
        assertThat(SourceArrival.decide(funded(BigInteger.ONE), BigInteger.ZERO, unlimited))
                .isEqualTo(new SourceArrival.NothingToReserve());
        Transfer fromIndicator = new Transfer("txn_2", SOURCE, "bln_dst", "@World", null, BigInteger.TEN, "USD",
                true, BigInteger.ZERO, NOW);
        assertThat(SourceArrival.decide(null, BigInteger.ZERO, fromIndicator))
                .isEqualTo(new SourceArrival.NothingToReserve());
    }

    @Example
    void releasing_more_than_is_set_aside_is_a_bug() {
        assertThatThrownBy(() -> SourceArrival.release(BigInteger.TEN, BigInteger.valueOf(11), "txn_1"))
                .isInstanceOf(LedgerInvariantViolation.class);
        assertThat(SourceArrival.release(BigInteger.TEN, BigInteger.TEN, "txn_1")).isZero();
    }

    private static Transfer transfer(String id, long amount) {
        return new Transfer(id, SOURCE, "bln_dst", null, null, BigInteger.valueOf(amount), "USD", false,
                BigInteger.ZERO, NOW);
    }

    private static Balance funded(BigInteger funds) {
        Balance opened = ((Decision.Applied) BalanceDecisions.open(null,
                new OpenBalance(SOURCE, "ldg_1", "USD", null, "", "{}", NOW))).balance();
        Transfer in = new Transfer("txn_in", "bln_world", SOURCE, null, null, funds, "USD", true, BigInteger.ZERO, NOW);
        return ((Decision.Applied) BalanceDecisions.credit(opened, in, NOW)).balance();
    }
}
