package dev.ledgerline.processor;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import dev.ledgerline.observability.tracing.KafkaTracing;

/**
 * Runs a stage's {@link Processor#process} inside a span that is a child of the record's trace context,
 * and hands the stage the record with the span's own context in its headers: the stages forward their
 * input headers on every output ({@link Emitter}), so the next stage (and the projection) become children
 * of this one. The business processor itself knows nothing of tracing.
 */
final class TracedProcessor implements Processor<String, byte[], String, Object> {

    /** Where a stage finds the transaction id it tags its span with. */
    enum TransactionIdFrom {
        /** keyed by transaction id (the coordinator) */
        KEY,
        /** keyed by something else (balance id): the id travels in a header */
        HEADER,
        /** not about a transaction (ledger registry) */
        NONE
    }

    private final String stage;
    private final Processor<String, byte[], String, Object> delegate;
    private final KafkaTracing tracing;
    private final TransactionIdFrom transactionIdFrom;
    private ProcessorContext<String, Object> context;

    private TracedProcessor(String stage, Processor<String, byte[], String, Object> delegate, KafkaTracing tracing,
            TransactionIdFrom transactionIdFrom) {
        this.stage = stage;
        this.delegate = delegate;
        this.tracing = tracing;
        this.transactionIdFrom = transactionIdFrom;
    }

    /** {@code processor} traced as {@code stage}, or {@code processor} itself when tracing is off. */
    static Processor<String, byte[], String, Object> wrap(String stage, Processor<String, byte[], String, Object> processor,
            KafkaTracing tracing, TransactionIdFrom transactionIdFrom) {
        return tracing.isNoop() ? processor : new TracedProcessor(stage, processor, tracing, transactionIdFrom);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        delegate.init(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        String transactionId = switch (transactionIdFrom) {
            case KEY -> record.key();
            case HEADER -> KafkaTracing.transactionId(record.headers());
            case NONE -> null;
        };
        try (KafkaTracing.StageSpan span = tracing.startStage(stage, topic, record.key(), record.headers(),
                transactionId)) {
            try {
                delegate.process(record.withHeaders(span.outputHeaders()));
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            }
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
