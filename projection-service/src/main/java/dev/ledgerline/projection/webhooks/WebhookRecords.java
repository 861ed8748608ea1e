package dev.ledgerline.projection.webhooks;

import java.util.Optional;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BatchOutcomeRecord;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which Kafka records are webhooks ({@link WebhookEnvelopes} for the public topics; a redelivery request carries its
 * event whole). The event id is the record's position, except for a redelivery, which keeps the id of the event it
 * repeats. The record's {@code traceparent} header, when it has a well-formed one, goes with the event (a redelivery
 * request carries the one of the event it repeats).
 */
public final class WebhookRecords {

    /** The public topics whose records become webhooks, and the operator's redelivery requests. */
    public static final java.util.List<String> TOPICS = java.util.List.of(Topics.LEDGERS, Topics.ENTRIES,
            Topics.TRANSACTIONS, Topics.BALANCE_ALERTS, Topics.BATCH_OUTCOMES, Topics.IDENTITIES,
            Topics.WEBHOOK_REDELIVERIES);

    private final AvroSerde<LedgerRecord> ledgers = AvroSerde.of(LedgerRecord.class);
    private final AvroSerde<BalanceEntry> entries = AvroSerde.of(BalanceEntry.class);
    private final AvroSerde<TransactionRecord> transactions = AvroSerde.of(TransactionRecord.class);
    private final AvroSerde<BalanceMonitorAlert> alerts = AvroSerde.of(BalanceMonitorAlert.class);
    private final AvroSerde<BatchOutcomeRecord> batches = AvroSerde.of(BatchOutcomeRecord.class);
    private final AvroSerde<IdentityRecord> identities = AvroSerde.of(IdentityRecord.class);

    /**
     * The webhook this record means, or empty when it means none.
     *
     * @throws RuntimeException when the record cannot be decoded (the caller counts and skips it: the projection
     *                          sets such records aside into {@code ledger.dead-letters})
     */
    public Optional<WebhookEvent> toEvent(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        String id = WebhookEvent.idOf(record.topic(), record.partition(), record.offset());
        return decode(record, id).map(event -> event.tracedBy(TraceParent.of(record.headers())));
    }

    private Optional<WebhookEvent> decode(ConsumerRecord<String, byte[]> record, String id) {
        return switch (record.topic()) {
            case Topics.LEDGERS -> WebhookEnvelopes.ledgerCreated(id, ledgers.decode(record.value()));
            case Topics.ENTRIES -> WebhookEnvelopes.balanceCreated(id, entries.decode(record.value()));
            case Topics.TRANSACTIONS -> WebhookEnvelopes.transaction(id, transactions.decode(record.value()));
            case Topics.BALANCE_ALERTS -> Optional.of(WebhookEnvelopes.balanceMonitor(id, alerts.decode(record.value())));
            case Topics.BATCH_OUTCOMES -> Optional.of(WebhookEnvelopes.batchOutcome(id, batches.decode(record.value())));
            case Topics.IDENTITIES -> WebhookEnvelopes.identityCreated(id, identities.decode(record.value()));
            case Topics.WEBHOOK_REDELIVERIES -> Optional.of(new WebhookEvent(
                    WebhookDeadLetters.header(record.headers(), WebhookDeadLetters.EVENT_ID).orElse(id),
                    WebhookDeadLetters.header(record.headers(), WebhookDeadLetters.EVENT).orElse("unknown"),
                    record.value()));
            default -> throw new IllegalArgumentException("no webhooks come from " + record.topic());
        };
    }
}
