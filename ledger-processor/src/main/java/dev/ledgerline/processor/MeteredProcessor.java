package dev.ledgerline.processor;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;

/**
 * Wraps one stage: times each input record into {@code blnk_queue_processing_duration_seconds{stage,result}}
 * and names the record's key in the log context (MDC) while the stage handles it, e.g.
 * {@code transaction_id} at the coordinator. On failure the context is left in place, so the stream
 * thread's error line still says which record failed; the next record replaces it.
 */
final class MeteredProcessor implements Processor<String, byte[], String, Object> {

    private final Processor<String, byte[], String, Object> stage;
    private final ProcessorMetrics.StageTimer timer;
    private final String keyField;

    /**
     * @param keyField the log field the record key is, for this stage ({@code transaction_id},
     *                 {@code balance_id}, {@code ledger_id})
     */
    MeteredProcessor(Processor<String, byte[], String, Object> stage, ProcessorMetrics.StageTimer timer, String keyField) {
        this.stage = stage;
        this.timer = timer;
        this.keyField = keyField;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        stage.init(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long start = System.nanoTime();
        boolean succeeded = false;
        MDC.put(keyField, record.key());
        try {
            stage.process(record);
            succeeded = true;
        } finally {
            timer.record(succeeded, System.nanoTime() - start);
            if (succeeded) {
                MDC.remove(keyField);
                MDC.remove(RecordLogContext.TRANSACTION_ID);
            }
        }
    }

    @Override
    public void close() {
        stage.close();
    }
}
