package dev.ledgerline.processor;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;
import dev.ledgerline.wire.v1.CreateBalanceMonitor;
import dev.ledgerline.wire.v1.DeleteBalanceMonitor;
import dev.ledgerline.wire.v1.PutBalanceMonitor;
import dev.ledgerline.wire.v1.RemoveBalanceMonitor;
import dev.ledgerline.wire.v1.UpdateBalanceMonitor;

/**
 * The ledger registry's part in balance monitors, keyed by monitor id: remembers which balance each monitor watches
 * and hands every monitor command to that balance's worker, which owns the monitor and decides (so no command reads
 * the read model). A monitor stays on the balance it was created on.
 */
final class BalanceMonitorRouting {

    private final Emitter emitter;
    private final KeyValueStore<String, String> balanceOfMonitor;

    BalanceMonitorRouting(Emitter emitter, KeyValueStore<String, String> balanceOfMonitor) {
        this.emitter = emitter;
        this.balanceOfMonitor = balanceOfMonitor;
    }

    void create(String requestId, CreateBalanceMonitor create, Headers headers) {
        BalanceMonitorSpec monitor = create.getMonitor();
        if (balanceOfMonitor.get(monitor.getMonitorId()) != null) {
            refuse(requestId, monitor.getMonitorId(), RejectionReason.BALANCE_MONITOR_ALREADY_EXISTS, headers);
            return;
        }
        // Indexed before the balance confirms: a monitor whose balance turns out not to exist is found nowhere else,
        // so its update or deletion is answered "not found" by that balance's worker.
        balanceOfMonitor.put(monitor.getMonitorId(), monitor.getBalanceId());
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, monitor.getBalanceId(),
                new BalanceCommand(requestId, new PutBalanceMonitor(monitor, true, monitor.getCreatedAtMs())), headers);
    }

    void update(String requestId, UpdateBalanceMonitor update, Headers headers) {
        BalanceMonitorSpec monitor = update.getMonitor();
        String balanceId = balanceOfMonitor.get(monitor.getMonitorId());
        if (balanceId == null) {
            refuse(requestId, monitor.getMonitorId(), RejectionReason.BALANCE_MONITOR_NOT_FOUND, headers);
            return;
        }
        if (!monitor.getBalanceId().isEmpty() && !monitor.getBalanceId().equals(balanceId)) {
            refuse(requestId, monitor.getMonitorId(), RejectionReason.MONITOR_BALANCE_CHANGED, headers);
            return;
        }
        BalanceMonitorSpec onItsBalance = BalanceMonitorSpec.newBuilder(monitor).setBalanceId(balanceId).build();
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, balanceId,
                new BalanceCommand(requestId, new PutBalanceMonitor(onItsBalance, false, update.getUpdatedAtMs())),
                headers);
    }

    void delete(String requestId, DeleteBalanceMonitor delete, Headers headers) {
        String balanceId = balanceOfMonitor.get(delete.getMonitorId());
        if (balanceId == null) {
            refuse(requestId, delete.getMonitorId(), RejectionReason.BALANCE_MONITOR_NOT_FOUND, headers);
            return;
        }
        balanceOfMonitor.delete(delete.getMonitorId());
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, balanceId,
                new BalanceCommand(requestId, new RemoveBalanceMonitor(delete.getMonitorId(), delete.getDeletedAtMs())),
                headers);
    }

    private void refuse(String requestId, String monitorId, RejectionReason reason, Headers headers) {
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.rejected(requestId, monitorId, reason), headers);
    }
}
