package dev.ledgerline.processor;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Lets go of the input record's raw bytes that Kafka Streams keeps in the record context (KIP-1034, for its own
 * processing-exception handler; Ledgerline sets bad records aside itself, from the record it was given).
 *
 * <p>Why: a cached store's write copies the current record context, raw bytes included, into its cache entry, and
 * the cache does not count them in its size (Kafka Streams 4.1). A bulk command is one input record of hundreds of kB
 * that writes thousands of cache entries, so each cached entry pinned a whole bulk command: under a backlog of bulk
 * requests the processor's 384 MB heap filled with them, it spent its time in full GCs and then died of
 * OutOfMemoryError. Kafka Streams frees these bytes itself after the record's first send, too late for the writes
 * before it.
 */
final class SourceRawRecord {

    private SourceRawRecord() {
    }

    /** Drops the current input record's raw key and value from {@code context}'s record context, if it holds them. */
    static void release(ProcessorContext<?, ?> context) {
        context.recordMetadata().ifPresent(metadata -> {
            if (metadata instanceof ProcessorRecordContext recordContext) {
                recordContext.freeRawRecord();
            }
        });
    }
}
