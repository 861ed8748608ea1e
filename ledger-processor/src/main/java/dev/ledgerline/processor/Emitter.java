package dev.ledgerline.processor;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards output records to named sinks. Outputs carry the input's headers (trace context) and
 * the wall-clock time of production as their timestamp; the next stage uses that timestamp as
 * its "now", so reprocessing the same input after a crash reproduces the same entries.
 */
final class Emitter {

    private final ProcessorContext<String, Object> context;

    Emitter(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    void emit(String sink, String key, Object value, Headers headers) {
        context.forward(new Record<>(key, value, System.currentTimeMillis(), headers), sink);
    }
}
