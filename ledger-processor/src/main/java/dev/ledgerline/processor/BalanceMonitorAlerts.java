package dev.ledgerline.processor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.ledgerline.core.Entry;
import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.monitor.MonitorCondition;
import dev.ledgerline.core.monitor.MonitorEvaluation;
import dev.ledgerline.core.monitor.MonitorField;
import dev.ledgerline.core.monitor.MonitorOperator;
import dev.ledgerline.core.monitor.MonitorTrigger;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;
import dev.ledgerline.wire.v1.WatchedMonitor;

/**
 * Evaluates a balance's monitors at each entry a decision wrote ({@link MonitorEvaluation} decides), so that every
 * change is seen, a batch's included, and returns the monitors with what each remembers for the next change. Called
 * only for a balance that has monitors: the monitors travel inside the balance's own state, so a balance without
 * any costs no lookup and no work.
 */
final class BalanceMonitorAlerts {

    private BalanceMonitorAlerts() {
    }

    static List<WatchedMonitor> evaluate(List<WatchedMonitor> monitors, List<Entry> entries,
                                         Consumer<BalanceMonitorAlert> alerts) {
        List<WatchedMonitor> next = new ArrayList<>(monitors.size());
        for (WatchedMonitor watched : monitors) {
            BalanceMonitorSpec spec = watched.getMonitor();
            MonitorCondition condition = condition(spec);
            MonitorTrigger trigger = MonitorTrigger.of(spec.getFireOnEveryUpdate());
            boolean held = watched.getConditionHeld();
            for (Entry entry : entries) {
                MonitorEvaluation.Outcome outcome = MonitorEvaluation.evaluate(condition, trigger, held, entry);
                if (outcome.fire()) {
                    alerts.accept(alert(spec, condition.field(), entry));
                }
                held = outcome.conditionHeld();
            }
            next.add(held == watched.getConditionHeld() ? watched
                    : WatchedMonitor.newBuilder(watched).setConditionHeld(held).build());
        }
        return next;
    }

    /** A stored monitor was validated when created; one that does not parse is a bug, not input. */
    static MonitorCondition condition(BalanceMonitorSpec spec) {
        MonitorField field = MonitorField.ofWire(spec.getField())
                .orElseThrow(() -> new LedgerInvariantViolation("stored monitor field " + spec.getField()));
        MonitorOperator operator = MonitorOperator.ofWire(spec.getOperator())
                .orElseThrow(() -> new LedgerInvariantViolation("stored monitor operator " + spec.getOperator()));
        return new MonitorCondition(field, operator, new BigInteger(spec.getPreciseValue()));
    }

    private static BalanceMonitorAlert alert(BalanceMonitorSpec spec, MonitorField field, Entry entry) {
        return BalanceMonitorAlert.newBuilder()
                .setMonitor(spec)
                .setObservedValue(field.of(entry).toString())
                .setTransactionId(entry.transactionId())
                .setEntryVersion(entry.version())
                .setEntryKind(entry.kind().name())
                .setLedgerId(entry.ledgerId())
                .setCurrency(entry.currency())
                .setBalance(entry.balance().toString())
                .setCreditBalance(entry.creditBalance().toString())
                .setDebitBalance(entry.debitBalance().toString())
                .setInflightBalance(entry.inflightBalance().toString())
                .setInflightCreditBalance(entry.inflightCreditBalance().toString())
                .setInflightDebitBalance(entry.inflightDebitBalance().toString())
                .setFiredAtMs(entry.recordedAtMs())
                .build();
    }
}
