package dev.ledgerline.processor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What a failed stream thread means. When Kafka moved under the thread (after a broker restart its static group
 * membership or its transactional producer was fenced, the broker stayed out of reach past every timeout, or the
 * broker failed the transaction's commit itself), nothing it decided was committed beyond what the broker's
 * transaction coordinator settles (it completes a commit it had prepared and aborts the rest when the new thread's
 * producer starts), so a new thread takes over from the last commit:
 * {@link StreamThreadExceptionResponse#REPLACE_THREAD}. A commit failure is Kafka's by construction: committing runs
 * no stage code. Seen in the crash matrix: right after a broker restart, the broker answered the commit with an
 * unexpected server error (its coordinator was still fencing the producer's epoch) and the producer went into its
 * fatal state; stopping the client there left the ledger without a processor until someone restarted it. Anything else (an invariant violation, a corrupt internal
 * record) stops the client rather than risk writing wrong money. Replacements are bounded: more than
 * {@link #MAX_REPLACEMENTS} within {@link #WINDOW} stops the client too (two instances sharing one instance id fence
 * each other for ever).
 */
final class StreamThreadFailures {

    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private static final List<Class<? extends Throwable>> KAFKA_MOVED = List.of(FencedInstanceIdException.class,
            ProducerFencedException.class, InvalidProducerEpochException.class, TimeoutException.class);
    /** How Kafka Streams' {@code StreamsProducer} words the exception it wraps a failed transaction commit in. */
    static final String COMMIT_FAILED = "trying to commit a transaction";

    private final Deque<Long> replacedAtNanos = new ArrayDeque<>();

    /** The response to {@code failure}, at {@code nowNanos} (a monotonic clock). */
    synchronized StreamThreadExceptionResponse decide(Throwable failure, long nowNanos) {
        if (!kafkaMoved(failure)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        while (!replacedAtNanos.isEmpty() && nowNanos - replacedAtNanos.peekFirst() > WINDOW.toNanos()) {
            replacedAtNanos.pollFirst();
        }
        if (replacedAtNanos.size() >= MAX_REPLACEMENTS) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacedAtNanos.addLast(nowNanos);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * Whether {@code failure} or one of its causes says Kafka fenced the thread, stayed out of reach or failed the
     * transaction's commit.
     */
    static boolean kafkaMoved(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> type : KAFKA_MOVED) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
            if (commitFailed(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean commitFailed(Throwable cause) {
        return cause instanceof StreamsException && cause.getMessage() != null
                && cause.getMessage().contains(COMMIT_FAILED) && cause.getCause() instanceof KafkaException;
    }
}
