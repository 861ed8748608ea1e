package dev.ledgerline.processor;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.PrepareCredit;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * Keyed by transaction id, which is derived from the reference: every submission of one reference
 * meets here, so a duplicate is seen by the single owner of that reference and never applies, even
 * when sent concurrently. Holds each transaction's lifecycle and starts the legs.
 */
final class TransactionCoordinatorProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinatorProcessor.class);
    private static final AvroSerde<TransactionCommand> COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final AvroSerde<LegOutcome> OUTCOMES = AvroSerde.of(LegOutcome.class);

    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Object> context;
    private Emitter emitter;
    private KeyValueStore<String, TransactionState> transactions;

    TransactionCoordinatorProcessor(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.emitter = new Emitter(context);
        this.transactions = context.getStateStore(StoreNames.TRANSACTIONS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        if (Topics.TRANSACTION_OUTCOMES.equals(topic)) {
            recordOutcome(OUTCOMES.decode(record.value()));
            return;
        }
        TransactionCommand command;
        try {
            command = COMMANDS.decode(record.value());
        } catch (RuntimeException undecodable) {
            metrics.malformed();
            log.warn("skipping undecodable transaction command with key {}: {}", record.key(), undecodable.toString());
            return;
        }
        if (command.getPayload() instanceof RecordTransaction recordTransaction) {
            recordTransaction(command.getRequestId(), recordTransaction.getTransaction(), record);
        }
    }

    private void recordTransaction(String requestId, TransactionSpec spec, Record<String, byte[]> record) {
        String transactionId = spec.getTransactionId();
        if (transactions.get(transactionId) != null) {
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId,
                    WireMapper.duplicateRecord(spec, requestId, record.timestamp()), record.headers());
            metrics.rejected(RejectionReason.DUPLICATE_REFERENCE);
            metrics.transaction(WireMapper.REJECTED, spec.getCurrency());
            return;
        }
        if (!wellFormed(spec)) {
            transactions.put(transactionId, WireMapper.transactionState(spec, WireMapper.REJECTED,
                    RejectionReason.MALFORMED_COMMAND.name(), record.timestamp()));
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, WireMapper.queuedRecord(spec), record.headers());
            emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, WireMapper.outcomeRecord(spec,
                    WireMapper.REJECTED, RejectionReason.MALFORMED_COMMAND, record.timestamp()), record.headers());
            metrics.rejected(RejectionReason.MALFORMED_COMMAND);
            return;
        }
        transactions.put(transactionId, WireMapper.transactionState(spec, WireMapper.QUEUED, null, record.timestamp()));
        emitter.emit(LedgerTopology.TRANSACTIONS_SINK, transactionId, WireMapper.queuedRecord(spec), record.headers());
        metrics.transaction(WireMapper.QUEUED, spec.getCurrency());
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getDestinationId(),
                new BalanceCommand(requestId, new PrepareCredit(spec)), record.headers());
    }

    private void recordOutcome(LegOutcome outcome) {
        TransactionState state = transactions.get(outcome.getTransactionId());
        if (state == null) {
            throw new IllegalStateException("outcome for unknown transaction " + outcome.getTransactionId());
        }
        transactions.put(outcome.getTransactionId(), TransactionState.newBuilder(state).setStatus(outcome.getStatus())
                .setRejectionCode(outcome.getRejectionCode()).setUpdatedAtMs(outcome.getDecidedAtMs()).build());
    }

    /** Fields the gateway should have validated; a command from another writer might not be. */
    private static boolean wellFormed(TransactionSpec spec) {
        try {
            WireMapper.transfer(spec);
            return spec.getPrecision() > 0 && !spec.getCurrency().isEmpty();
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
