package dev.ledgerline.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Entry;
import dev.ledgerline.core.EntryKind;

/*
 * Goal: a monitor fires exactly when Blnk's condition becomes true (once per crossing by default, on every change
 * when opted in), every operator compares exactly, and thresholds are exact value × precision.
 * Method: hand-built entries carrying the balance figures after each change, fed to MonitorEvaluation in order.
 */
class MonitorEvaluationTest {

    static Entry after(long balance) {
        return after(BigInteger.valueOf(balance));
    }

    static Entry after(BigInteger balance) {
        BigInteger credit = balance.signum() >= 0 ? balance : BigInteger.ZERO;
        BigInteger debit = balance.signum() >= 0 ? BigInteger.ZERO : balance.negate();
        return new Entry("bln_a", 1, EntryKind.CREDIT, "ldg_a", "USD", null, "", "txn_a", BigInteger.ONE, balance,
                credit, debit, BigInteger.valueOf(7), BigInteger.valueOf(10), BigInteger.valueOf(3), "{}", 0, 0, 0,
                "0".repeat(64), "1".repeat(64));
    }

    /** Evaluates the balances in order from a fresh monitor; returns the positions (0-based) that fired. */
    static List<Integer> firings(MonitorCondition condition, MonitorTrigger trigger, long... balances) {
        List<Integer> fired = new ArrayList<>();
        boolean held = false;
        for (int i = 0; i < balances.length; i++) {
            MonitorEvaluation.Outcome outcome = MonitorEvaluation.evaluate(condition, trigger, held, after(balances[i]));
            if (outcome.fire()) {
                fired.add(i);
            }
            held = outcome.conditionHeld();
        }
        return fired;
    }

    static MonitorCondition balance(MonitorOperator operator, long threshold) {
        return new MonitorCondition(MonitorField.BALANCE, operator, BigInteger.valueOf(threshold));
    }

    @Nested
    class OnCrossing {

        @Test
        void givenBalanceAbove1000Monitor_whenBalanceCrossesUpDownUpAndStaysUp_thenItFiresExactlyTwice() {
            List<Integer> fired = firings(balance(MonitorOperator.GREATER, 1000), MonitorTrigger.ON_CROSSING,
                    500, 1500, 2000, 800, 1200, 3000, 4000);
            assertThat(fired).containsExactly(1, 4);
        }

        @Test
        void givenConditionAlreadyTrueAtCreation_whenBalanceChangesAndStaysTrue_thenItFiresOnlyOnTheFirstChange() {
            assertThat(firings(balance(MonitorOperator.GREATER, 1000), MonitorTrigger.ON_CROSSING, 5000, 6000, 7000))
                    .containsExactly(0);
        }

        @Test
        void givenBalanceExactlyAtThreshold_whenGreaterThan_thenItDoesNotFireUntilAbove() {
            assertThat(firings(balance(MonitorOperator.GREATER, 1000), MonitorTrigger.ON_CROSSING, 1000, 1001))
                    .containsExactly(1);
        }
    }

    @Nested
    class EveryUpdate {

        @Test
        void givenFireOnEveryUpdate_whenConditionHoldsOverSeveralChanges_thenItFiresOnEachOfThem() {
            assertThat(firings(balance(MonitorOperator.LESS, 100), MonitorTrigger.EVERY_UPDATE, 50, 40, 200, 30))
                    .containsExactly(0, 1, 3);
        }
    }

    @Nested
    class Operators {

        @Test
        void givenEqualsMonitor_whenBalanceHitsTheValueExactly_thenItFires() {
            assertThat(firings(balance(MonitorOperator.EQUAL, 1000), MonitorTrigger.ON_CROSSING, 999, 1000, 1001, 1000))
                    .containsExactly(1, 3);
        }

        @Test
        void givenEachOperator_whenComparedBelowAtAndAbove_thenTheyFollowTheirMathematicalMeaning() {
            BigInteger t = BigInteger.TEN;
            BigInteger[] observed = {BigInteger.valueOf(9), t, BigInteger.valueOf(11)};
            boolean[][] expected = {
                    {false, false, true}, {true, false, false}, {false, true, true},
                    {true, true, false}, {false, true, false}, {true, false, true}};
            MonitorOperator[] operators = {MonitorOperator.GREATER, MonitorOperator.LESS,
                    MonitorOperator.GREATER_OR_EQUAL, MonitorOperator.LESS_OR_EQUAL, MonitorOperator.EQUAL,
                    MonitorOperator.NOT_EQUAL};
            for (int o = 0; o < operators.length; o++) {
                for (int i = 0; i < observed.length; i++) {
                    assertThat(operators[o].holds(observed[i], t)).as(operators[o] + " " + observed[i])
                            .isEqualTo(expected[o][i]);
                }
            }
        }

        @Test
        void givenBlnkWireSymbols_whenParsed_thenEachNamesItsOperatorAndDoubleEqualsIsRefused() {
            assertThat(MonitorOperator.ofWire("=")).contains(MonitorOperator.EQUAL);
            assertThat(MonitorOperator.ofWire("!=")).contains(MonitorOperator.NOT_EQUAL);
            assertThat(MonitorOperator.ofWire("==")).isEmpty();
        }

        @Test
        void givenEachField_whenReadFromAnEntry_thenItIsTheEntrysResultingFigure() {
            Entry entry = after(42);
            assertThat(MonitorField.BALANCE.of(entry)).isEqualTo(42);
            assertThat(MonitorField.CREDIT_BALANCE.of(entry)).isEqualTo(42);
            assertThat(MonitorField.DEBIT_BALANCE.of(entry)).isEqualTo(0);
            assertThat(MonitorField.INFLIGHT_BALANCE.of(entry)).isEqualTo(7);
            assertThat(MonitorField.INFLIGHT_CREDIT_BALANCE.of(entry)).isEqualTo(10);
            assertThat(MonitorField.INFLIGHT_DEBIT_BALANCE.of(entry)).isEqualTo(3);
            assertThat(MonitorField.ofWire("inflight_debit_balance")).contains(MonitorField.INFLIGHT_DEBIT_BALANCE);
        }
    }

    @Nested
    class Thresholds {

        @Test
        void givenBlnksTruncationExample_whenValueIs1point15AtPrecision100_thenThresholdIs115() {
            MonitorThreshold threshold = MonitorThreshold.of(new BigDecimal("1.15"), new BigDecimal("100"));
            assertThat(threshold.threshold()).isEqualTo(115);
            assertThat(threshold.value()).isEqualByComparingTo("1.15");
        }

        @Test
        void givenFractionalValue_whenPrecisionHoldsIt_thenThresholdIsExactMinorUnits() {
            assertThat(MonitorThreshold.of(new BigDecimal("10.5"), new BigDecimal("100")).threshold()).isEqualTo(1050);
            assertThat(MonitorThreshold.of(new BigDecimal("-0.25"), new BigDecimal("1000")).threshold()).isEqualTo(-250);
        }

        @Test
        void givenHugeValue_whenMultiplied_thenThresholdIsExactBeyondLong() {
            BigDecimal value = new BigDecimal("123456789012345678901234567890.12");
            assertThat(MonitorThreshold.of(value, new BigDecimal("100")).threshold())
                    .isEqualTo(new BigInteger("12345678901234567890123456789012"));
        }

        @Test
        void givenMoreDecimalsThanPrecision_whenParsed_thenRefusedNotTruncated() {
            assertThatThrownBy(() -> MonitorThreshold.of(new BigDecimal("10.555"), new BigDecimal("100")))
                    .isInstanceOf(InvalidMonitorException.class)
                    .hasMessageContaining("decimal places")
                    .extracting(e -> ((InvalidMonitorException) e).field()).isEqualTo("condition.value");
        }

        @Test
        void givenZeroNegativeOrNonDecimalPrecision_whenParsed_thenRefused() {
            for (String precision : new String[]{"0", "-100", "3", "0.5"}) {
                assertThatThrownBy(() -> MonitorThreshold.of(BigDecimal.ONE, new BigDecimal(precision)))
                        .as(precision).isInstanceOf(InvalidMonitorException.class)
                        .extracting(e -> ((InvalidMonitorException) e).field()).isEqualTo("condition.precision");
            }
        }
    }
}
