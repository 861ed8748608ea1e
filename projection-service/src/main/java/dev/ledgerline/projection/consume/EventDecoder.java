package dev.ledgerline.projection.consume;

import java.util.ArrayList;
import java.util.List;

import dev.ledgerline.projection.store.ProjectionBatch;
import dev.ledgerline.projection.store.ProjectionBatch.PositionedEntry;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.AccountRecord;
import dev.ledgerline.wire.v1.TransactionMetadataRecord;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one poll's raw records into a {@link ProjectionBatch} (used by the live consumer and by the replay). Values are decoded here, not in a
 * Kafka deserializer, so an undecodable record fails the batch visibly (and is retried) instead of
 * surfacing as a poll error that is hard to attribute.
 */
public final class EventDecoder {

    private final AvroSerde<LedgerRecord> ledgers = AvroSerde.of(LedgerRecord.class);
    private final AvroSerde<BalanceEntry> entries = AvroSerde.of(BalanceEntry.class);
    private final AvroSerde<TransactionRecord> transactions = AvroSerde.of(TransactionRecord.class);
    private final AvroSerde<SealRecord> seals = AvroSerde.of(SealRecord.class);
    private final AvroSerde<BalanceMonitorRecord> monitors = AvroSerde.of(BalanceMonitorRecord.class);
    private final AvroSerde<IdentityRecord> identities = AvroSerde.of(IdentityRecord.class);
    private final AvroSerde<AccountRecord> accounts = AvroSerde.of(AccountRecord.class);
    private final AvroSerde<TransactionMetadataRecord> transactionMetadata =
            AvroSerde.of(TransactionMetadataRecord.class);

    public ProjectionBatch decode(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<LedgerRecord> ledgerRecords = new ArrayList<>();
        List<PositionedEntry> entryRecords = new ArrayList<>();
        List<TransactionRecord> transactionRecords = new ArrayList<>();
        List<ProjectionBatch.PositionedSeal> sealRecords = new ArrayList<>();
        List<BalanceMonitorRecord> monitorRecords = new ArrayList<>();
        List<IdentityRecord> identityRecords = new ArrayList<>();
        List<AccountRecord> accountRecords = new ArrayList<>();
        List<TransactionMetadataRecord> metadataRecords = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue; // no projected topic writes tombstones (a deleted identity's last record is a value)
            }
            String topic = record.topic();
            if (Topics.LEDGERS.equals(topic)) {
                ledgerRecords.add(ledgers.decode(record.value()));
            } else if (Topics.ENTRIES.equals(topic)) {
                entryRecords.add(new PositionedEntry(entries.decode(record.value()), record.partition(), record.offset()));
            } else if (Topics.TRANSACTIONS.equals(topic)) {
                transactionRecords.add(transactions.decode(record.value()));
            } else if (Topics.SEALS.equals(topic)) {
                sealRecords.add(new ProjectionBatch.PositionedSeal(seals.decode(record.value()), record.partition(),
                        record.offset()));
            } else if (Topics.BALANCE_MONITORS.equals(topic)) {
                monitorRecords.add(monitors.decode(record.value()));
            } else if (Topics.IDENTITIES.equals(topic)) {
                identityRecords.add(identities.decode(record.value()));
            } else if (Topics.ACCOUNTS.equals(topic)) {
                accountRecords.add(accounts.decode(record.value()));
            } else if (Topics.TRANSACTION_METADATA.equals(topic)) {
                metadataRecords.add(transactionMetadata.decode(record.value()));
            } else {
                throw new IllegalStateException("record from unexpected topic " + topic);
            }
        }
        return new ProjectionBatch(ledgerRecords, entryRecords, transactionRecords, sealRecords, monitorRecords,
                identityRecords, accountRecords, metadataRecords);
    }
}
