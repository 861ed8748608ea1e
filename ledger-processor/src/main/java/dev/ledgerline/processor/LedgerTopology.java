package dev.ledgerline.processor;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.Stores;

import dev.ledgerline.observability.tracing.KafkaTracing;
import dev.ledgerline.processor.TracedProcessor.TransactionIdFrom;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.ApiKeyRecord;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BatchOutcomeRecord;
import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.GroupActionState;
import dev.ledgerline.wire.v1.GroupState;
import dev.ledgerline.wire.v1.HookRecord;
import dev.ledgerline.wire.v1.WebhookSubscriptionRecord;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.LedgerState;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionMetadataRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * Builds the whole processor topology; every source, processor, store and sink is named here once.
 *
 * <p>Partitioning: state is keyed by what owns it (ledger id, transaction id, balance id), never by
 * ledger or currency, so each balance has exactly one writer (its task) and needs no lock. A transfer
 * touching two balances travels between tasks as leg commands on {@code ledger.balance-commands};
 * with {@code exactly_once_v2} each stage's store update, outputs and input offsets commit atomically.
 * The three stages share sinks, so they form one sub-topology: task p runs every stage for partition p, in one node
 * ({@link LedgerTaskProcessor}), and runs the commands it sends to partition p itself ({@link LocalHandOff}).
 *
 * <pre>
 * ledger.ledger-commands      → ledger-registry         → ledger.ledgers, ledger.replies, ledger.balance-commands,
 *                                                         ledger.api-keys, ledger.hooks,
 *                                                         ledger.webhook-subscriptions
 * ledger.transaction-commands ┐
 * ledger.transaction-outcomes ┴→ transaction-coordinator → ledger.transactions, ledger.balance-commands,
 *                                                         ledger.replies, ledger.transaction-commands (refunds,
 *                                                         split/bulk legs, leg results, group decisions),
 *                                                         ledger.transaction-metadata
 * ledger.balance-commands     → balance-worker          → ledger.entries, ledger.transactions, ledger.replies,
 *                                                         ledger.balance-commands, ledger.transaction-outcomes,
 *                                                         ledger.seals (wall-clock punctuator, partition p → partition p),
 *                                                         ledger.balance-monitors, ledger.balance-alerts
 * </pre>
 */
public final class LedgerTopology {

    static final String LEDGER_COMMANDS_SOURCE = "ledger-commands-source";
    static final String TRANSACTION_COMMANDS_SOURCE = "transaction-commands-source";
    static final String TRANSACTION_OUTCOMES_SOURCE = "transaction-outcomes-source";
    static final String BALANCE_COMMANDS_SOURCE = "balance-commands-source";

    /** The one processor node of a task: it runs the three stages below ({@link LedgerTaskProcessor}). */
    static final String LEDGER_TASK = "ledger-task";
    /** The stages: names of their meters, spans, logs and dead letters. */
    static final String LEDGER_REGISTRY = "ledger-registry";
    static final String TRANSACTION_COORDINATOR = "transaction-coordinator";
    static final String BALANCE_WORKER = "balance-worker";

    static final String LEDGERS_SINK = "ledgers-sink";
    static final String API_KEYS_SINK = "api-keys-sink";
    static final String HOOKS_SINK = "hooks-sink";
    static final String WEBHOOK_SUBSCRIPTIONS_SINK = "webhook-subscriptions-sink";
    static final String IDENTITIES_SINK = "identities-sink";
    static final String ACCOUNTS_SINK = "accounts-sink";
    static final String TRANSACTION_METADATA_SINK = "transaction-metadata-sink";
    /**
     * Commands for another owner of the ledger registry: the balance workers' notes to an identity's owner
     * ({@code IdentityBalanceReference}) and a new balance naming an identity ({@code OpenIdentityBalance}), keyed by
     * identity id.
     */
    static final String LEDGER_COMMANDS_SINK = "ledger-commands-sink";
    static final String REPLIES_SINK = "replies-sink";
    static final String BALANCE_COMMANDS_SINK = "balance-commands-sink";
    static final String TRANSACTIONS_SINK = "transactions-sink";
    static final String ENTRIES_SINK = "entries-sink";
    static final String TRANSACTION_OUTCOMES_SINK = "transaction-outcomes-sink";
    static final String TRANSACTION_COMMANDS_SINK = "transaction-commands-sink";
    static final String SEALS_SINK = "seals-sink";
    static final String BALANCE_MONITORS_SINK = "balance-monitors-sink";
    static final String BALANCE_ALERTS_SINK = "balance-alerts-sink";
    static final String BATCH_OUTCOMES_SINK = "batch-outcomes-sink";
    static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    static final String BALANCE_COMMAND_BATCHES_SINK = "balance-command-batches-sink";
    static final String TRANSACTION_COMMAND_BATCHES_SINK = "transaction-command-batches-sink";
    static final String TRANSACTION_OUTCOME_BATCHES_SINK = "transaction-outcome-batches-sink";
    static final Duration DEFAULT_SEAL_INTERVAL = Duration.ofMillis(ProcessorProperties.DEFAULT_SEAL_INTERVAL_MS);

    private LedgerTopology() {
    }

    public static Topology build(ProcessorMetrics metrics) {
        return build(metrics, DEFAULT_SEAL_INTERVAL);
    }

    public static Topology build(ProcessorMetrics metrics, Duration sealInterval) {
        return build(metrics, sealInterval, KafkaTracing.NOOP);
    }

    public static Topology build(ProcessorMetrics metrics, Duration sealInterval, KafkaTracing tracing) {
        return build(metrics, sealInterval, tracing, DeadLetterGuard.DeadLetterSink.NONE);
    }

    /**
     * With {@code tracing}, every stage handles each record in a child span of the record's trace context.
     * Every stage sets a record it cannot handle aside into the dead-letter topic ({@link DeadLetterGuard}),
     * telling {@code deadLetters}.
     */
    static Topology build(ProcessorMetrics metrics, Duration sealInterval, KafkaTracing tracing,
                          DeadLetterGuard.DeadLetterSink deadLetters) {
        return build(metrics, sealInterval, tracing, deadLetters, TopicSetup.DEFAULT_PARTITIONS);
    }

    /**
     * {@code partitions}: the partition count of the processor's input topics (they are co-partitioned). The internal
     * commands one input record yields for one partition are written as one {@link CommandBatcher batch}; the count
     * says which partition each command belongs to.
     */
    static Topology build(ProcessorMetrics metrics, Duration sealInterval, KafkaTracing tracing,
                          DeadLetterGuard.DeadLetterSink deadLetters, int partitions) {
        return build(metrics, sealInterval, tracing, deadLetters, partitions, true);
    }

    /**
     * {@code localHandOff}: whether the internal commands a task sends to its own partition are run by the task at once
     * ({@link LocalHandOff}) rather than written to their topic and read back; off, every command takes the topic.
     */
    static Topology build(ProcessorMetrics metrics, Duration sealInterval, KafkaTracing tracing,
                          DeadLetterGuard.DeadLetterSink deadLetters, int partitions, boolean localHandOff) {
        Topology topology = new Topology();
        Map<String, CommandBatcher.BatchTarget> batches = Map.of(
                BALANCE_COMMANDS_SINK, batchTarget(BALANCE_COMMAND_BATCHES_SINK, AvroSerde.of(BalanceCommand.class),
                        Topics.BALANCE_COMMANDS),
                TRANSACTION_COMMANDS_SINK, batchTarget(TRANSACTION_COMMAND_BATCHES_SINK,
                        AvroSerde.of(TransactionCommand.class), Topics.TRANSACTION_COMMANDS),
                TRANSACTION_OUTCOMES_SINK, batchTarget(TRANSACTION_OUTCOME_BATCHES_SINK, AvroSerde.of(LegOutcome.class),
                        Topics.TRANSACTION_OUTCOMES));
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();

        topology.addSource(LEDGER_COMMANDS_SOURCE, keys, bytes, Topics.LEDGER_COMMANDS);
        topology.addSource(TRANSACTION_COMMANDS_SOURCE, keys, bytes, Topics.TRANSACTION_COMMANDS);
        topology.addSource(TRANSACTION_OUTCOMES_SOURCE, keys, bytes, Topics.TRANSACTION_OUTCOMES);
        topology.addSource(BALANCE_COMMANDS_SOURCE, keys, bytes, Topics.BALANCE_COMMANDS);

        // One node per task runs the three stages (LedgerTaskProcessor): the commands a stage sends to the task's own
        // partition are run there at once (LocalHandOff).
        topology.addProcessor(LEDGER_TASK, () -> {
            LocalHandOff local = new LocalHandOff(localHandOff, metrics);
            StageShell shell = new StageShell(metrics, tracing, deadLetters, batches, partitions, local);
            Processor<String, byte[], String, Object> coordinator = shell.wrap(TRANSACTION_COORDINATOR,
                    new TransactionCoordinatorProcessor(metrics), RecordLogContext.TRANSACTION_ID,
                    CommandRequestIds.TRANSACTION, TransactionIdFrom.KEY);
            return new LedgerTaskProcessor(Map.of(
                    Topics.LEDGER_COMMANDS, shell.wrap(LEDGER_REGISTRY, new LedgerRegistryProcessor(metrics), "ledger_id",
                            CommandRequestIds.LEDGER, TransactionIdFrom.NONE),
                    Topics.TRANSACTION_COMMANDS, coordinator,
                    Topics.TRANSACTION_OUTCOMES, coordinator,
                    Topics.BALANCE_COMMANDS, shell.wrap(BALANCE_WORKER, new BalanceWorkerProcessor(metrics, sealInterval),
                            "balance_id", CommandRequestIds.BALANCE, TransactionIdFrom.HEADER)), local);
        }, LEDGER_COMMANDS_SOURCE, TRANSACTION_COMMANDS_SOURCE, TRANSACTION_OUTCOMES_SOURCE, BALANCE_COMMANDS_SOURCE);

        // Caching collapses many updates of one hot key within a commit interval into one changelog write.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.LEDGERS_STORE),
                Serdes.String(), AvroSerde.of(LedgerState.class)).withCachingEnabled(), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.API_KEYS_STORE),
                Serdes.String(), AvroSerde.of(ApiKeyRecord.class)), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                StoreNames.BALANCE_MONITOR_INDEX_STORE), Serdes.String(), Serdes.String()), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.HOOKS_STORE),
                Serdes.String(), AvroSerde.of(HookRecord.class)), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                StoreNames.WEBHOOK_SUBSCRIPTIONS_STORE), Serdes.String(),
                AvroSerde.of(WebhookSubscriptionRecord.class)), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.IDENTITIES_STORE),
                Serdes.String(), AvroSerde.of(dev.ledgerline.wire.v1.IdentityState.class)), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                StoreNames.ACCOUNT_NUMBERS_STORE), Serdes.String(), Serdes.String()), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TRANSACTIONS_STORE),
                Serdes.String(), AvroSerde.of(TransactionState.class)).withCachingEnabled(), LEDGER_TASK);
        // Deadlines are few and read by range scans; no cache needed.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEADLINES_STORE),
                Serdes.String(), Serdes.String()), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GROUPS_STORE),
                Serdes.String(), AvroSerde.of(GroupState.class)).withCachingEnabled(), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GROUP_LEGS_STORE),
                Serdes.String(), Serdes.String()), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GROUP_ACTIONS_STORE),
                Serdes.String(), AvroSerde.of(GroupActionState.class)), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                StoreNames.TRANSACTION_METADATA_STORE), Serdes.String(), AvroSerde.of(TransactionMetadataRecord.class)),
                LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.BALANCES_STORE),
                Serdes.String(), AvroSerde.of(BalanceState.class)).withCachingEnabled(), LEDGER_TASK);
        // Heads not yet sealed (a hot balance overwrites its own key, so the cache helps) and the last seal.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SEAL_HEADS_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled(), LEDGER_TASK);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SEAL_STATE_STORE),
                Serdes.String(), Serdes.String()), LEDGER_TASK);

        StringSerializer keyOut = new StringSerializer();
        topology.addSink(LEDGERS_SINK, Topics.LEDGERS, keyOut, AvroSerde.of(LedgerRecord.class).serializer(),
                LEDGER_TASK);
        topology.addSink(REPLIES_SINK, Topics.REPLIES, keyOut, AvroSerde.of(Reply.class).serializer(),
                LEDGER_TASK);
        topology.addSink(BALANCE_COMMANDS_SINK, Topics.BALANCE_COMMANDS, keyOut,
                AvroSerde.of(BalanceCommand.class).serializer(), LEDGER_TASK);
        topology.addSink(TRANSACTIONS_SINK, Topics.TRANSACTIONS, keyOut,
                AvroSerde.of(TransactionRecord.class).serializer(), LEDGER_TASK);
        topology.addSink(ENTRIES_SINK, Topics.ENTRIES, keyOut, AvroSerde.of(BalanceEntry.class).serializer(),
                LEDGER_TASK);
        topology.addSink(TRANSACTION_OUTCOMES_SINK, Topics.TRANSACTION_OUTCOMES, keyOut,
                AvroSerde.of(LegOutcome.class).serializer(), LEDGER_TASK);
        // A refund, a split or bulk leg, a leg's result for its group, the group's decision for a leg and a leg's answer to
        // an action sent by its group (from the coordinator, or from the last balance stage with skip_queue) are each
        // owned by the coordinator of another id: they go back through the command topic, keyed by that id.
        topology.addSink(TRANSACTION_COMMANDS_SINK, Topics.TRANSACTION_COMMANDS, keyOut,
                AvroSerde.of(TransactionCommand.class).serializer(), LEDGER_TASK);
        // The seal of task partition p goes to partition p of ledger.seals (key "p"), so one partition's seals stay in order.
        topology.addSink(SEALS_SINK, Topics.SEALS, keyOut, AvroSerde.of(SealRecord.class).serializer(),
                LedgerTopology::sealPartition, LEDGER_TASK);
        // Monitor definitions (key monitor id) and their alerts (key balance id, with the entry that caused them).
        topology.addSink(BALANCE_MONITORS_SINK, Topics.BALANCE_MONITORS, keyOut,
                AvroSerde.of(BalanceMonitorRecord.class).serializer(), LEDGER_TASK);
        topology.addSink(BALANCE_ALERTS_SINK, Topics.BALANCE_ALERTS, keyOut,
                AvroSerde.of(BalanceMonitorAlert.class).serializer(), LEDGER_TASK);
        // A bulk batch's outcome (key batch id), once its last item is decided.
        topology.addSink(BATCH_OUTCOMES_SINK, Topics.BATCH_OUTCOMES, keyOut,
                AvroSerde.of(BatchOutcomeRecord.class).serializer(), LEDGER_TASK);
        topology.addSink(API_KEYS_SINK, Topics.API_KEYS, keyOut, AvroSerde.of(ApiKeyRecord.class).serializer(),
                LEDGER_TASK);
        topology.addSink(HOOKS_SINK, Topics.HOOKS, keyOut, AvroSerde.of(HookRecord.class).serializer(),
                LEDGER_TASK);
        topology.addSink(WEBHOOK_SUBSCRIPTIONS_SINK, Topics.WEBHOOK_SUBSCRIPTIONS, keyOut,
                AvroSerde.of(WebhookSubscriptionRecord.class).serializer(), LEDGER_TASK);
        topology.addSink(IDENTITIES_SINK, Topics.IDENTITIES, keyOut,
                AvroSerde.of(dev.ledgerline.wire.v1.IdentityRecord.class).serializer(), LEDGER_TASK);
        topology.addSink(ACCOUNTS_SINK, Topics.ACCOUNTS, keyOut,
                AvroSerde.of(dev.ledgerline.wire.v1.AccountRecord.class).serializer(), LEDGER_TASK);
        // Metadata patches of transactions and groups (key: the patched id), merged by the id's coordinator.
        topology.addSink(TRANSACTION_METADATA_SINK, Topics.TRANSACTION_METADATA, keyOut,
                AvroSerde.of(TransactionMetadataRecord.class).serializer(), LEDGER_TASK);
        topology.addSink(LEDGER_COMMANDS_SINK, Topics.LEDGER_COMMANDS, keyOut,
                AvroSerde.of(dev.ledgerline.wire.v1.LedgerCommand.class).serializer(), LEDGER_TASK);
        // Several internal commands for one partition, yielded by one input record (CommandBatcher).
        topology.addSink(BALANCE_COMMAND_BATCHES_SINK, Topics.BALANCE_COMMANDS, keyOut, CommandBatches.SERDE.serializer(),
                CommandBatcher::batchPartition, LEDGER_TASK);
        topology.addSink(TRANSACTION_COMMAND_BATCHES_SINK, Topics.TRANSACTION_COMMANDS, keyOut,
                CommandBatches.SERDE.serializer(), CommandBatcher::batchPartition, LEDGER_TASK);
        topology.addSink(TRANSACTION_OUTCOME_BATCHES_SINK, Topics.TRANSACTION_OUTCOMES, keyOut,
                CommandBatches.SERDE.serializer(), CommandBatcher::batchPartition, LEDGER_TASK);
        // A set-aside record keeps its original bytes: the sink writes the value as it came in.
        topology.addSink(DEAD_LETTERS_SINK, Topics.DEAD_LETTERS, keyOut, (topic, value) -> (byte[]) value,
                LEDGER_TASK);
        return topology;
    }

    /** What each of a task's stages is wrapped in; the same for the three. */
    private record StageShell(ProcessorMetrics metrics, KafkaTracing tracing, DeadLetterGuard.DeadLetterSink deadLetters,
                              Map<String, CommandBatcher.BatchTarget> batches, int partitions, LocalHandOff local) {

        /**
         * Outermost first: each command of a batch handed over as its own record and the internal commands the stage
         * forwards batched or handed off (CommandBatchProcessor); a child span of the record's trace context
         * (TracedProcessor); a command the stage cannot handle set aside (DeadLetterGuard); timed per record in
         * blnk_queue_processing_duration_seconds and logged with {@code logKey} named (MeteredProcessor).
         */
        Processor<String, byte[], String, Object> wrap(String name, Processor<String, byte[], String, Object> stage,
                String logKey, DeadLetterGuard.RequestIds requestIds, TransactionIdFrom transactionId) {
            return new CommandBatchProcessor(TracedProcessor.wrap(name, new DeadLetterGuard(name,
                    new MeteredProcessor(stage, metrics.stageTimer(name), logKey), deadLetters, requestIds), tracing,
                    transactionId), batches, partitions, local);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CommandBatcher.BatchTarget batchTarget(String batchSink, AvroSerde<?> values, String topic) {
        return new CommandBatcher.BatchTarget(batchSink, (org.apache.kafka.common.serialization.Serializer) values.serializer(),
                topic);
    }

    static Optional<Set<Integer>> sealPartition(String topic, String key, Object value, int numPartitions) {
        return Optional.of(Set.of(Integer.parseInt(key) % numPartitions));
    }
}
