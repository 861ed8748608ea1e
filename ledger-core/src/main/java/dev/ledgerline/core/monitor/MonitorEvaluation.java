package dev.ledgerline.core.monitor;

import dev.ledgerline.core.Entry;

/**
 * The fire/re-arm state machine of one monitor, evaluated at every change of its balance (every entry, so that a
 * crossing between two changes of one batch is seen). A monitor remembers one bit: whether its condition held after
 * the previous change. With {@link MonitorTrigger#ON_CROSSING} it fires when the condition holds now and did not
 * before; with {@link MonitorTrigger#EVERY_UPDATE} whenever it holds. A new or updated monitor starts as "did not
 * hold", so one whose condition already holds fires at the balance's next change, as in Blnk. Pure and deterministic.
 */
public final class MonitorEvaluation {

    private MonitorEvaluation() {
    }

    /**
     * @param fire          whether this change sends an alert
     * @param conditionHeld whether the condition holds after this change (remembered for the next one)
     */
    public record Outcome(boolean fire, boolean conditionHeld) {
    }

    public static Outcome evaluate(MonitorCondition condition, MonitorTrigger trigger, boolean conditionHeldBefore,
                                   Entry after) {
        boolean holds = condition.holdsAfter(after);
        boolean fire = holds && (trigger == MonitorTrigger.EVERY_UPDATE || !conditionHeldBefore);
        return new Outcome(fire, holds);
    }
}
