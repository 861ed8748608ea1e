package dev.ledgerline.processor;

import java.util.Optional;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.schemas.DeadLetterReason;
import dev.ledgerline.schemas.DeadLetters;

/**
 * Keeps one bad record from stopping a stage. The stage handles each record inside {@link RecordEffects}, so
 * its store writes and output records land only if it finishes; if it throws, they are dropped and the input
 * record goes, whole and with the reason, to {@link LedgerTopology#DEAD_LETTERS_SINK}, in the same Kafka
 * transaction as the input's offset. The stage then takes the next record. Failures of the streams runtime
 * itself ({@link StreamsException}: state store, producer, fencing) are not the record's fault and still
 * reach the uncaught-exception handler.
 *
 * <p>A {@link LedgerInvariantViolation} is set aside too: it means this record would break a money rule, and
 * since none of its effects are written, refusing the record keeps the ledger right while the rest goes on.
 *
 * <p>A set-aside command that someone waits for (it carries a request id: a gateway's synchronous request, or a
 * group collecting its legs' answers) is answered at once with a failure, {@link Replies#setAside}, instead of
 * leaving the waiter to time out.
 */
final class DeadLetterGuard implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGuard.class);

    private final String stageName;
    private final Processor<String, byte[], String, Object> stage;
    private final DeadLetterSink sink;
    private final RequestIds requestIds;
    private ProcessorContext<String, Object> context;
    private RecordEffects effects;

    /** Where set-aside records are counted (metric, health); the record itself goes to the sink node. */
    interface DeadLetterSink {
        void recorded(String topic, DeadLetters.Source source, DeadLetterReason reason, long atMs);

        DeadLetterSink NONE = (topic, source, reason, atMs) -> { };
    }

    /** The request id a stage's input record carries, if it decodes and names one. */
    @FunctionalInterface
    interface RequestIds {
        Optional<String> of(Record<String, byte[]> record);

        RequestIds NONE = record -> Optional.empty();
    }

    DeadLetterGuard(String stageName, Processor<String, byte[], String, Object> stage, DeadLetterSink sink) {
        this(stageName, stage, sink, RequestIds.NONE);
    }

    DeadLetterGuard(String stageName, Processor<String, byte[], String, Object> stage, DeadLetterSink sink,
                    RequestIds requestIds) {
        this.stageName = stageName;
        this.stage = stage;
        this.sink = sink;
        this.requestIds = requestIds;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.effects = new RecordEffects(context);
        stage.init(effects);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SourceRawRecord.release(context);
        effects.begin();
        try {
            stage.process(record);
        } catch (StreamsException runtimeFailure) {
            effects.discard();
            throw runtimeFailure;
        } catch (RuntimeException | LedgerInvariantViolation failure) {
            effects.discard();
            setAside(record, failure);
            return;
        }
        effects.apply();
    }

    private void setAside(Record<String, byte[]> record, Throwable failure) {
        DeadLetters.Source source = context.recordMetadata()
                .map(m -> new DeadLetters.Source(m.topic(), m.partition(), m.offset()))
                .orElse(new DeadLetters.Source("", -1, -1));
        DeadLetterReason reason = DeadLetterReason.of(failure);
        long now = System.currentTimeMillis();
        context.forward(new Record<String, Object>(record.key(), record.value(), now,
                DeadLetters.headers(record.headers(), source, reason, failure, "ledger-processor/" + stageName, now)),
                LedgerTopology.DEAD_LETTERS_SINK);
        sink.recorded(source.topic(), source, reason, now);
        answerWaiter(record);
        // the failure's message may quote record content: the log names the record and the failure's type only
        log.error("{} set aside {} into {}: {} ({})", stageName, source, dev.ledgerline.schemas.Topics.DEAD_LETTERS,
                reason, failure.getClass().getName());
    }

    /** Tells whoever waits for this command that it was set aside; a record that does not decode has no waiter. */
    private void answerWaiter(Record<String, byte[]> record) {
        Optional<String> requestId;
        try {
            requestId = requestIds.of(record);
        } catch (RuntimeException undecodable) {
            return;
        }
        requestId.ifPresent(id -> ReplyRoute.send(new Emitter(context), id,
                () -> Replies.setAside(id, record.key() == null ? "" : record.key(), stageName), record.headers()));
    }

    @Override
    public void close() {
        stage.close();
    }
}
