package dev.ledgerline.schemas;

import java.util.List;

/**
 * Every Kafka topic of Ledgerline, named once. Writers and keys are documented in
 * docs/ARCHITECTURE.md and docs/EVENTS.md. All topics that feed one processor stage are
 * co-partitioned (same partition count), so the stages can join by key.
 */
public final class Topics {

    /** key: transaction id; writer: api-gateway; reader: processor's transaction coordinator. */
    public static final String TRANSACTION_COMMANDS = "ledger.transaction-commands";
    /**
     * key: ledger id (API key, monitor, hook, identity and webhook subscription commands: their own id); writers:
     * api-gateway, and the processor's balance workers (identity references); reader: processor's ledger registry.
     */
    public static final String LEDGER_COMMANDS = "ledger.ledger-commands";
    /** key: balance id; writer and reader: processor (internal; legs between stages). */
    public static final String BALANCE_COMMANDS = "ledger.balance-commands";
    /** key: transaction id; writer: processor's balance workers; reader: transaction coordinator (internal). */
    public static final String TRANSACTION_OUTCOMES = "ledger.transaction-outcomes";
    /** key: balance id; writer: processor; public, retained forever: hash-chained balance entries. */
    public static final String ENTRIES = "ledger.entries";
    /** key: root transaction id; writer: processor; public, retained forever: transaction records. */
    public static final String TRANSACTIONS = "ledger.transactions";
    /** key: ledger id; writer: processor; public, retained forever: created ledgers. */
    public static final String LEDGERS = "ledger.ledgers";
    /** key: partition number (decimal string); writer: processor; public, retained forever: seals binding the chain heads per partition. */
    public static final String SEALS = "ledger.seals";
    /**
     * key: monitor id; writer: processor's balance worker (the monitored balance's single writer); public, retained
     * forever: each create, update and deletion of a balance monitor ({@code BalanceMonitorRecord}).
     */
    public static final String BALANCE_MONITORS = "ledger.balance-monitors";
    /**
     * key: balance id; writer: processor's balance worker, in the Kafka transaction of the entry that caused it;
     * public, retained forever: balance monitor alerts ({@code BalanceMonitorAlert}), delivered as
     * {@code balance.monitor} webhooks.
     */
    public static final String BALANCE_ALERTS = "ledger.balance-alerts";
    /**
     * key: bulk batch id; writer: processor's coordinator, in the Kafka transaction that decided the batch's last item;
     * public, retained forever: one {@code BatchOutcomeRecord} per bulk batch, delivered as Blnk's
     * {@code bulk_transaction.applied|inflight|failed} webhooks.
     */
    public static final String BATCH_OUTCOMES = "ledger.batch-outcomes";
    /** key: request id; writer: processor; reader: api-gateway (internal, short retention). */
    public static final String REPLIES = "ledger.replies";

    /**
     * key: API key id; writer: api-gateway; readers: every api-gateway instance (internal, compacted: the latest
     * state of each key). Holds key digests, never keys.
     */
    public static final String API_KEYS = "ledger.api-keys";

    /**
     * key: hook id; writer: processor's ledger registry (the hooks' single owner); readers: projection-service (hook
     * directory and delivery). Public, compacted: the latest state of each pre/post-transaction hook
     * ({@code HookRecord}); a deleted hook is a tombstone.
     */
    public static final String HOOKS = "ledger.hooks";

    /**
     * key: identity id; writer: processor's ledger registry (the identities' single owner); readers: projection-service
     * (the {@code identities} table), any consumer. Public, compacted: the latest state of each identity
     * ({@code IdentityRecord}), personal fields sealed; a deleted identity's last record carries no fields.
     */
    public static final String IDENTITIES = "ledger.identities";

    /**
     * key: account id; writer: processor's ledger registry (the owner of account numbers); readers: projection-service
     * (the {@code accounts} table), any consumer. Public, compacted: each Blnk account ({@code AccountRecord}), written
     * once (accounts never change).
     */
    public static final String ACCOUNTS = "ledger.accounts";

    /**
     * key: a transaction id or a split's / bulk batch's id; writer: processor's transaction coordinator (the id's single
     * owner); readers: projection-service (the {@code transaction_metadata} table), any consumer. Public, compacted: every
     * {@code POST /{id}/metadata} patch the id received, merged ({@code TransactionMetadataRecord}).
     */
    public static final String TRANSACTION_METADATA = "ledger.transaction-metadata";

    /**
     * key: webhook subscription id; writer: processor's ledger registry (the subscriptions' single owner); reader:
     * projection-service (subscription directory and delivery lanes). Internal, compacted: the latest state of each
     * subscription ({@code WebhookSubscriptionRecord}), whose header values are secrets in clear; a deleted
     * subscription is a tombstone.
     */
    public static final String WEBHOOK_SUBSCRIPTIONS = "ledger.webhook-subscriptions";

    /**
     * key and value: those of the record set aside; writers: the processor's stages and the projection; reader: an
     * operator ({@code dev/dead-letters.sh}). Internal: it holds whatever the bad record held, so it is not public.
     * Kept for ever, like the log the records came from.
     */
    public static final String DEAD_LETTERS = "ledger.dead-letters";

    /**
     * key: the event id ({@code <topic>-<partition>-<offset>} of the event's record); writer: projection-service's
     * webhook delivery; reader: an operator ({@code dev/webhook-dead-letters.sh}). Value: the webhook body (Blnk's
     * {@code {"event", "data"}} JSON) that could not be delivered, with {@code ledgerline.webhook.*} headers (event,
     * reason, attempts, last result). Internal: it holds event data. Kept for ever.
     */
    public static final String WEBHOOK_DEAD_LETTERS = "ledger.webhook-dead-letters";

    /**
     * key: the event id; writer: {@code dev/webhook-dead-letters.sh redeliver}; reader: projection-service's webhook
     * delivery, which sends each record's body again (same event id) with the usual retries. Internal.
     */
    public static final String WEBHOOK_REDELIVERIES = "ledger.webhook-redeliveries";

    /** Topics whose records must be kept for ever (the event log). */
    public static final List<String> RETAINED_FOREVER = List.of(
            TRANSACTION_COMMANDS, LEDGER_COMMANDS, BALANCE_COMMANDS, TRANSACTION_OUTCOMES,
            ENTRIES, TRANSACTIONS, LEDGERS, SEALS, BALANCE_MONITORS, BALANCE_ALERTS, BATCH_OUTCOMES);

    /** What the processor consumes: its queues (consumer group = its Kafka Streams application id). */
    public static final List<String> PROCESSOR_INPUTS = List.of(
            TRANSACTION_COMMANDS, BALANCE_COMMANDS, TRANSACTION_OUTCOMES, LEDGER_COMMANDS);

    /** What the projection consumes to build the read model: the public event topics. */
    public static final List<String> PROJECTION_INPUTS = List.of(LEDGERS, ENTRIES, TRANSACTIONS, SEALS,
            BALANCE_MONITORS, IDENTITIES, ACCOUNTS, TRANSACTION_METADATA);

    public static final List<String> ALL = List.of(
            TRANSACTION_COMMANDS, LEDGER_COMMANDS, BALANCE_COMMANDS, TRANSACTION_OUTCOMES,
            ENTRIES, TRANSACTIONS, LEDGERS, SEALS, REPLIES, API_KEYS, DEAD_LETTERS, WEBHOOK_DEAD_LETTERS,
            WEBHOOK_REDELIVERIES, BALANCE_MONITORS, BALANCE_ALERTS, HOOKS, BATCH_OUTCOMES, IDENTITIES,
            WEBHOOK_SUBSCRIPTIONS, ACCOUNTS, TRANSACTION_METADATA);

    private Topics() {
    }
}
