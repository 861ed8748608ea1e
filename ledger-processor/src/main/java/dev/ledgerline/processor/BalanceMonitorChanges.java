package dev.ledgerline.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.PutBalanceMonitor;
import dev.ledgerline.wire.v1.RemoveBalanceMonitor;
import dev.ledgerline.wire.v1.WatchedMonitor;

/**
 * Creates, replaces and removes a monitor in its balance's state (the balance worker is the one writer of both).
 * A new or replaced monitor starts as "condition did not hold", so it fires at the balance's next change when its
 * condition holds then (Blnk fires on the next update too).
 */
final class BalanceMonitorChanges {

    enum Status { CREATED, UPDATED, DELETED }

    /** The balance's new state and the public record, or why the change was refused. */
    record Change(BalanceState state, BalanceMonitorRecord record, RejectionReason refusal) {
        static Change refused(RejectionReason reason) {
            return new Change(null, null, reason);
        }
    }

    private BalanceMonitorChanges() {
    }

    static Change put(BalanceState balance, PutBalanceMonitor put) {
        if (balance == null) {
            return Change.refused(put.getCreate() ? RejectionReason.INVALID_MONITOR_BALANCE
                    : RejectionReason.BALANCE_MONITOR_NOT_FOUND);
        }
        BalanceMonitorSpec spec = put.getMonitor();
        Optional<WatchedMonitor> existing = find(balance, spec.getMonitorId());
        if (put.getCreate() && existing.isPresent()) {
            return Change.refused(RejectionReason.BALANCE_MONITOR_ALREADY_EXISTS);
        }
        if (!put.getCreate() && existing.isEmpty()) {
            return Change.refused(RejectionReason.BALANCE_MONITOR_NOT_FOUND);
        }
        BalanceMonitorSpec stored = existing.isEmpty() ? spec : BalanceMonitorSpec.newBuilder(spec)
                .setCreatedAtMs(existing.get().getMonitor().getCreatedAtMs()).build();
        long version = existing.map(w -> w.getVersion() + 1).orElse(0L);
        List<WatchedMonitor> monitors = without(balance, spec.getMonitorId());
        monitors.add(new WatchedMonitor(stored, false, version));
        Status status = put.getCreate() ? Status.CREATED : Status.UPDATED;
        return new Change(withMonitors(balance, monitors),
                new BalanceMonitorRecord(stored, status.name(), version, put.getAtMs()), null);
    }

    static Change remove(BalanceState balance, RemoveBalanceMonitor remove) {
        Optional<WatchedMonitor> existing = balance == null ? Optional.empty() : find(balance, remove.getMonitorId());
        if (existing.isEmpty()) {
            return Change.refused(RejectionReason.BALANCE_MONITOR_NOT_FOUND);
        }
        return new Change(withMonitors(balance, without(balance, remove.getMonitorId())),
                new BalanceMonitorRecord(existing.get().getMonitor(), Status.DELETED.name(),
                        existing.get().getVersion() + 1, remove.getAtMs()), null);
    }

    private static BalanceState withMonitors(BalanceState balance, List<WatchedMonitor> monitors) {
        return BalanceState.newBuilder(balance).setMonitors(monitors.isEmpty() ? null : monitors).build();
    }

    private static Optional<WatchedMonitor> find(BalanceState balance, String monitorId) {
        return WireMapper.monitors(balance).stream().filter(w -> w.getMonitor().getMonitorId().equals(monitorId)).findFirst();
    }

    private static List<WatchedMonitor> without(BalanceState balance, String monitorId) {
        List<WatchedMonitor> kept = new ArrayList<>(WireMapper.monitors(balance).size() + 1);
        for (WatchedMonitor watched : WireMapper.monitors(balance)) {
            if (!watched.getMonitor().getMonitorId().equals(monitorId)) {
                kept.add(watched);
            }
        }
        return kept;
    }
}
