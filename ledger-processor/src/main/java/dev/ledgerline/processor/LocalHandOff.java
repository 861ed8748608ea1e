package dev.ledgerline.processor;

import java.util.ArrayDeque;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The internal commands a task sends to its own partition, waiting to be run by that same task in the call that
 * produced them ({@link LedgerTaskProcessor}) instead of being written to their topic and read back.
 *
 * <p>Every stage of the processor is in one sub-topology (they share sinks), so task <i>p</i> holds the coordinators
 * of the transaction ids of partition <i>p</i>, the balance workers of its balances and its ledgers. A command keyed
 * to partition <i>p</i> of {@code ledger.balance-commands}, {@code ledger.transaction-commands} or
 * {@code ledger.transaction-outcomes} would come back to this task: run here, it changes the same stores and writes the
 * same records, only in the Kafka transaction of the input record that caused it rather than in a later one.
 */
final class LocalHandOff {

    /** A command for this task's partition of {@code topic}, as the stage would have read it there. */
    record LocalCommand(String topic, Record<String, byte[]> record) {
    }

    private final boolean enabled;
    private final ProcessorMetrics metrics;
    private final ArrayDeque<LocalCommand> waiting = new ArrayDeque<>();
    private int partition = -1;
    private long callOriginMs = Long.MAX_VALUE;

    LocalHandOff(boolean enabled, ProcessorMetrics metrics) {
        this.enabled = enabled;
        this.metrics = metrics;
    }

    /** The task this hand-off belongs to: its partition is the one whose commands stay here. */
    void start(TaskId task) {
        partition = task.partition();
    }

    /**
     * Starts a call of the task (an input record, or a punctuation) whose work entered the ledger at {@code originMs}:
     * the input record's timestamp (for a command from the gateway, when it was accepted; for an internal batch, the
     * origin it was written with), or the punctuation's time.
     */
    void startCall(long originMs) {
        callOriginMs = originMs;
    }

    /**
     * When the work of the current call entered the ledger ({@link #startCall}); {@code Long.MAX_VALUE} before any
     * call. The internal command batches the call writes carry it as their timestamp ({@link CommandBatcher}).
     */
    long callOriginMs() {
        return callOriginMs;
    }

    /** Whether a command for {@code targetPartition} is run here instead of written to its topic. */
    boolean takes(int targetPartition) {
        return enabled && targetPartition == partition;
    }

    void handOff(String topic, Record<String, byte[]> command) {
        waiting.add(new LocalCommand(topic, command));
        metrics.internalCommands(true, 1);
    }

    void sentToTopic(int commands) {
        metrics.internalCommands(false, commands);
    }

    /** The next command to run, oldest first (as a topic would deliver them), or null. */
    LocalCommand next() {
        return waiting.poll();
    }

    /** Forgets what waits (the input record failed: its Kafka transaction is aborted, and with it all it caused). */
    void clear() {
        waiting.clear();
    }
}
