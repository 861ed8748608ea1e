package dev.ledgerline.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/*
 * Goal: for any walk of a balance and any operator, an ON_CROSSING monitor fires exactly at the changes where the
 * condition holds after having not held before (the first change counts as a crossing when it holds), an
 * EVERY_UPDATE monitor at every change where it holds, and the ON_CROSSING alerts are never more than the
 * EVERY_UPDATE ones.
 * Method: jqwik generates balance walks around a threshold; the expected firings come from the definition,
 * computed directly on the sequence.
 */
class MonitorEvaluationPropertiesTest {

    @Property
    void givenAnyWalkAndOperator_whenEvaluatedInOrder_thenOnCrossingFiresExactlyAtFalseToTrueTransitions(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> walk,
            @ForAll MonitorOperator operator, @ForAll @IntRange(min = -3, max = 3) int threshold) {
        MonitorCondition condition = new MonitorCondition(MonitorField.BALANCE, operator, BigInteger.valueOf(threshold));
        boolean heldCrossing = false;
        boolean heldEvery = false;
        boolean previous = false;
        int crossings = 0;
        int updates = 0;
        for (int value : walk) {
            boolean holds = operator.holds(BigInteger.valueOf(value), BigInteger.valueOf(threshold));
            MonitorEvaluation.Outcome crossing = MonitorEvaluation.evaluate(condition, MonitorTrigger.ON_CROSSING,
                    heldCrossing, MonitorEvaluationTest.after(value));
            MonitorEvaluation.Outcome every = MonitorEvaluation.evaluate(condition, MonitorTrigger.EVERY_UPDATE,
                    heldEvery, MonitorEvaluationTest.after(value));
            assertThat(crossing.fire()).isEqualTo(holds && !previous);
            assertThat(every.fire()).isEqualTo(holds);
            assertThat(crossing.conditionHeld()).isEqualTo(holds);
            crossings += crossing.fire() ? 1 : 0;
            updates += every.fire() ? 1 : 0;
            heldCrossing = crossing.conditionHeld();
            heldEvery = every.conditionHeld();
            previous = holds;
        }
        assertThat(crossings).isLessThanOrEqualTo(updates);
    }

    @Property
    void givenAnyValueWithAtMostTwoDecimals_whenPrecisionIs100_thenThresholdTimesNothingIsLost(
            @ForAll long cents) {
        java.math.BigDecimal value = java.math.BigDecimal.valueOf(cents, 2);
        MonitorThreshold threshold = MonitorThreshold.of(value, java.math.BigDecimal.valueOf(100));
        assertThat(threshold.threshold()).isEqualTo(BigInteger.valueOf(cents));
        assertThat(threshold.value()).isEqualByComparingTo(value);
    }
}
