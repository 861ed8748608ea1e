package dev.ledgerline.processor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateLedger;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.StartGroup;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The real topology (LedgerTopology.build) in a TopologyTestDriver, with the commands a gateway
 * would send and readers for everything the processor writes. Internal leg topics are piped back
 * by the driver, so one input runs a whole multi-stage flow. The wall clock starts at
 * {@link #START} and moves only when a test advances it (deadlines).
 */
final class LedgerDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final AvroSerde<LedgerCommand> LEDGER_COMMANDS = AvroSerde.of(LedgerCommand.class);
    private static final AvroSerde<TransactionCommand> TRANSACTION_COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final AvroSerde<BalanceCommand> BALANCE_COMMANDS = AvroSerde.of(BalanceCommand.class);

    /**
     * Where the stores' RocksDB files go when the machine has it: a memory-backed file system. The driver commits (and
     * so flushes every store) after each record; on disk, the seeded simulation spent a third of its time in the
     * kernel and waiting for writes.
     */
    private static final Path MEMORY_DISK = Path.of("/dev/shm");
    private final Path stateDir;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> ledgerCommands;
    private final TestInputTopic<String, byte[]> transactionCommands;
    private final TestOutputTopic<String, Reply> replies;
    final TestOutputTopic<String, LedgerRecord> ledgers;
    private final TestOutputTopic<String, BalanceEntry> entries;
    private final TestOutputTopic<String, TransactionRecord> transactions;
    private final TestOutputTopic<String, SealRecord> seals;
    private final TestOutputTopic<String, byte[]> balanceCommands;
    private final TestOutputTopic<String, byte[]> transactionOutcomes;
    private final TestOutputTopic<String, dev.ledgerline.wire.v1.BatchOutcomeRecord> batchOutcomes;
    private final List<dev.ledgerline.wire.v1.BatchOutcomeRecord> allBatchOutcomes = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<BalanceEntry> allEntries = new ArrayList<>();
    private final List<TransactionRecord> allTransactions = new ArrayList<>();
    private final List<Reply> allReplies = new ArrayList<>();

    LedgerDriver() throws IOException {
        this(dev.ledgerline.schemas.TopicSetup.DEFAULT_PARTITIONS, true);
    }

    /**
     * {@code partitions}: the partition count the topology groups internal commands by (the driver runs one task, of
     * partition 0, so the commands of partition 0 are handed off locally and the others piped back through their
     * topics); {@code localHandOff} false: every internal command goes through its topic.
     */
    LedgerDriver(int partitions, boolean localHandOff) throws IOException {
        stateDir = Files.isDirectory(MEMORY_DISK) && Files.isWritable(MEMORY_DISK)
                ? Files.createTempDirectory(MEMORY_DISK, "ledger-topology-test")
                : Files.createTempDirectory("ledger-topology-test");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LedgerTopology.build(new ProcessorMetrics(meters),
                LedgerTopology.DEFAULT_SEAL_INTERVAL, dev.ledgerline.observability.tracing.KafkaTracing.NOOP,
                DeadLetterGuard.DeadLetterSink.NONE, partitions, localHandOff), config, START);
        StringSerializer keys = new StringSerializer();
        ledgerCommands = driver.createInputTopic(Topics.LEDGER_COMMANDS, keys, new ByteArraySerializer());
        transactionCommands = driver.createInputTopic(Topics.TRANSACTION_COMMANDS, keys, new ByteArraySerializer());
        StringDeserializer keysOut = new StringDeserializer();
        replies = driver.createOutputTopic(Topics.REPLIES, keysOut, AvroSerde.of(Reply.class).deserializer());
        ledgers = driver.createOutputTopic(Topics.LEDGERS, keysOut, AvroSerde.of(LedgerRecord.class).deserializer());
        entries = driver.createOutputTopic(Topics.ENTRIES, keysOut, AvroSerde.of(BalanceEntry.class).deserializer());
        transactions = driver.createOutputTopic(Topics.TRANSACTIONS, keysOut,
                AvroSerde.of(TransactionRecord.class).deserializer());
        seals = driver.createOutputTopic(Topics.SEALS, keysOut, AvroSerde.of(SealRecord.class).deserializer());
        balanceCommands = driver.createOutputTopic(Topics.BALANCE_COMMANDS, keysOut,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        transactionOutcomes = driver.createOutputTopic(Topics.TRANSACTION_OUTCOMES, keysOut,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        batchOutcomes = driver.createOutputTopic(Topics.BATCH_OUTCOMES, keysOut,
                AvroSerde.of(dev.ledgerline.wire.v1.BatchOutcomeRecord.class).deserializer());
    }

    @Override
    public void close() throws IOException {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // --- commands --------------------------------------------------------------------------------

    String createLedger(String name) {
        String ledgerId = Ids.ledgerId(UUID.randomUUID());
        ledgerCommands.pipeInput(ledgerId, LEDGER_COMMANDS.encode(new LedgerCommand(UUID.randomUUID().toString(), 1L,
                new CreateLedger(ledgerId, name, "{}", 1L))));
        return ledgerId;
    }

    /** Any ledger command, keyed by {@code key}; returns its request id. */
    String ledgerCommand(String key, Object payload) {
        String requestId = UUID.randomUUID().toString();
        ledgerCommands.pipeInput(key, LEDGER_COMMANDS.encode(new LedgerCommand(requestId, 1L, payload)));
        return requestId;
    }

    String createBalance(String ledgerId, String currency) {
        String balanceId = Ids.balanceId(UUID.randomUUID());
        ledgerCommands.pipeInput(ledgerId, LEDGER_COMMANDS.encode(new LedgerCommand(UUID.randomUUID().toString(), 1L,
                new CreateBalance(balanceId, ledgerId, currency, null, "", "{}", 1L, null))));
        return balanceId;
    }

    /** A funded USD balance in a new ledger. */
    String fundedBalance(String amount) {
        String balance = createBalance(createLedger("funded"), "USD");
        transfer("fund-" + balance, "@World", balance, amount, true);
        return balance;
    }

    /** Sends a transfer; {@code customise} may set more spec fields (inflight, deadlines, skip_queue, ...). */
    String transfer(String reference, String source, String destination, String amount, boolean allowOverdraft,
                    Consumer<TransactionSpec.Builder> customise) {
        TransactionSpec built = spec(reference, source, destination, amount, allowOverdraft, customise);
        String requestId = UUID.randomUUID().toString();
        transactionCommands.pipeInput(built.getTransactionId(), TRANSACTION_COMMANDS.encode(new TransactionCommand(
                requestId, START.toEpochMilli(), new RecordTransaction(built, built.getSkipQueue()))));
        return requestId;
    }

    /** Sends a split or bulk group as the gateway does: one StartGroup record keyed by the group id. */
    String startGroup(String groupId, String kind, String reference, boolean atomic, boolean skipQueue,
                      List<TransactionSpec> legs) {
        String requestId = UUID.randomUUID().toString();
        transactionCommands.pipeInput(groupId, TRANSACTION_COMMANDS.encode(new TransactionCommand(requestId,
                START.toEpochMilli(), new StartGroup(groupId, kind, reference, atomic, skipQueue, legs,
                START.toEpochMilli()))));
        return requestId;
    }

    /** The spec a gateway would build for a single transfer. */
    static TransactionSpec spec(String reference, String source, String destination, String amount,
                                boolean allowOverdraft, Consumer<TransactionSpec.Builder> customise) {
        String transactionId = Ids.transactionIdForReference(reference);
        TransactionSpec.Builder spec = TransactionSpec.newBuilder()
                .setTransactionId(transactionId)
                .setReference(reference)
                .setSource(source)
                .setDestination(destination)
                .setSourceId(resolve(source))
                .setDestinationId(resolve(destination))
                .setPreciseAmount(amount)
                .setPrecision(100)
                .setCurrency("USD")
                .setAllowOverdraft(allowOverdraft)
                .setCreatedAtMs(START.toEpochMilli());
        customise.accept(spec);
        return spec.build();
    }

    String transfer(String reference, String source, String destination, String amount, boolean allowOverdraft) {
        return transfer(reference, source, destination, amount, allowOverdraft, spec -> { });
    }

    String inflightAction(String reference, String action, String amount, boolean skipQueue) {
        return inflightAction(reference, action, amount, null, skipQueue);
    }

    /** {@code majorAmount}: a commit amount in major units, converted by the coordinator. */
    String inflightAction(String reference, String action, String preciseAmount, String majorAmount, boolean skipQueue) {
        return inflightActionOnId(Ids.transactionIdForReference(reference), action, preciseAmount, majorAmount,
                skipQueue);
    }

    /** A commit or void of the transaction, split or bulk batch with id {@code root}. */
    String inflightActionOnId(String root, String action, String preciseAmount, String majorAmount, boolean skipQueue) {
        String requestId = UUID.randomUUID().toString();
        transactionCommands.pipeInput(root, TRANSACTION_COMMANDS.encode(new TransactionCommand(requestId,
                START.toEpochMilli(), new InflightAction(root, action, preciseAmount, skipQueue, majorAmount))));
        return requestId;
    }

    String refund(String reference, boolean skipQueue) {
        return refundId(Ids.transactionIdForReference(reference), skipQueue);
    }

    /** A refund of the transaction, split or bulk batch with id {@code root}. */
    String refundId(String root, boolean skipQueue) {
        String requestId = UUID.randomUUID().toString();
        transactionCommands.pipeInput(root, TRANSACTION_COMMANDS.encode(new TransactionCommand(requestId,
                START.toEpochMilli(), new RefundTransaction(root, null, null, skipQueue, START.toEpochMilli() + 1))));
        return requestId;
    }

    /** Any transaction command, keyed by {@code key}; returns its request id. */
    String transactionCommand(String key, Object payload) {
        String requestId = UUID.randomUUID().toString();
        transactionCommands.pipeInput(key, TRANSACTION_COMMANDS.encode(new TransactionCommand(requestId,
                START.toEpochMilli(), payload)));
        return requestId;
    }

    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    static String resolve(String identifier) {
        return Ids.isIndicator(identifier) ? Ids.indicatorBalanceId(identifier, "USD") : identifier;
    }

    // --- observations ----------------------------------------------------------------------------

    KeyValueStore<String, BalanceState> store() {
        return driver.getKeyValueStore(StoreNames.BALANCES_STORE);
    }

    BigInteger balance(String balanceId) {
        BalanceState state = store().get(balanceId);
        return new BigInteger(state.getCreditBalance()).subtract(new BigInteger(state.getDebitBalance()));
    }

    BigInteger inflightDebit(String balanceId) {
        return new BigInteger(store().get(balanceId).getInflightDebitBalance());
    }

    BigInteger inflightCredit(String balanceId) {
        return new BigInteger(store().get(balanceId).getInflightCreditBalance());
    }

    List<TransactionRecord> transactions() {
        allTransactions.addAll(transactions.readValuesToList());
        return allTransactions;
    }

    TransactionRecord byReference(String reference) {
        return transactions().stream().filter(r -> r.getReference().equals(reference)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no record with reference " + reference + " in " + transactions()));
    }

    TransactionRecord outcome(String reference) {
        return byReference(reference + "_q");
    }

    /** The balance commands (the legs between balance workers) written since the last call, with their keys. */
    List<org.apache.kafka.streams.KeyValue<String, BalanceCommand>> newBalanceCommands() {
        return commandsIn(newBalanceCommandRecords());
    }

    /** The records written to ledger.balance-commands since the last call, as written (single commands or batches). */
    List<org.apache.kafka.streams.KeyValue<String, byte[]>> newBalanceCommandRecords() {
        return balanceCommands.readKeyValuesToList();
    }

    /** The records written to ledger.balance-commands since the last call, with their record timestamps. */
    List<org.apache.kafka.streams.test.TestRecord<String, byte[]>> newBalanceCommandTestRecords() {
        return balanceCommands.readRecordsToList();
    }

    /** The keys of the records written to ledger.transaction-outcomes since the last call (single or batches). */
    List<String> newTransactionOutcomeKeys() {
        return transactionOutcomes.readKeyValuesToList().stream().map(record -> record.key).toList();
    }

    /** The commands in {@code records}, batches opened, in order. */
    static List<org.apache.kafka.streams.KeyValue<String, BalanceCommand>> commandsIn(
            List<org.apache.kafka.streams.KeyValue<String, byte[]>> records) {
        List<org.apache.kafka.streams.KeyValue<String, BalanceCommand>> commands = new ArrayList<>();
        for (var record : records) {
            if (dev.ledgerline.schemas.CommandBatches.isBatch(record.value)) {
                for (var item : dev.ledgerline.schemas.CommandBatches.SERDE.decode(record.value).getItems()) {
                    byte[] value = new byte[item.getValue().remaining()];
                    item.getValue().duplicate().get(value);
                    commands.add(org.apache.kafka.streams.KeyValue.pair(item.getKey(), BALANCE_COMMANDS.decode(value)));
                }
            } else {
                commands.add(org.apache.kafka.streams.KeyValue.pair(record.key, BALANCE_COMMANDS.decode(record.value)));
            }
        }
        return commands;
    }

    List<BalanceEntry> entries() {
        allEntries.addAll(entries.readValuesToList());
        return allEntries;
    }

    /** Every bulk batch outcome written so far. */
    List<dev.ledgerline.wire.v1.BatchOutcomeRecord> batchOutcomes() {
        allBatchOutcomes.addAll(batchOutcomes.readValuesToList());
        return allBatchOutcomes;
    }

    /** Seals emitted since the last call. */
    List<SealRecord> newSeals() {
        return seals.readValuesToList();
    }

    /** Accounts published on ledger.accounts since the last call. */
    List<dev.ledgerline.wire.v1.AccountRecord> newAccounts() {
        return driver.createOutputTopic(Topics.ACCOUNTS, new StringDeserializer(),
                AvroSerde.of(dev.ledgerline.wire.v1.AccountRecord.class).deserializer()).readValuesToList();
    }

    /** Merged patches published on ledger.transaction-metadata since the last call. */
    List<dev.ledgerline.wire.v1.TransactionMetadataRecord> newTransactionMetadata() {
        return driver.createOutputTopic(Topics.TRANSACTION_METADATA, new StringDeserializer(),
                AvroSerde.of(dev.ledgerline.wire.v1.TransactionMetadataRecord.class).deserializer()).readValuesToList();
    }

    List<Reply> replies() {
        allReplies.addAll(replies.readValuesToList());
        return allReplies;
    }

    Reply reply(String requestId) {
        return replies().stream().filter(r -> r.getRequestId().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to " + requestId));
    }

    boolean hasReply(String requestId) {
        return replies().stream().anyMatch(r -> r.getRequestId().equals(requestId));
    }
}
