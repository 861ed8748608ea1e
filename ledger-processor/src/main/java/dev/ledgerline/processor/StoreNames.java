package dev.ledgerline.processor;

/** Every state store and processor node of the topology, named once. */
final class StoreNames {

    static final String LEDGERS_STORE = "ledgers-store";
    /** Per ledger-registry task: API key id → the key's record (digest, owner, scopes, expiry, revocation). */
    static final String API_KEYS_STORE = "api-keys-store";
    /** Per ledger-registry task: hook id → the hook's latest state (deleted with the hook). */
    static final String HOOKS_STORE = "hooks-store";
    /** Per ledger-registry task: webhook subscription id → its latest state (deleted with the subscription). */
    static final String WEBHOOK_SUBSCRIPTIONS_STORE = "webhook-subscriptions-store";
    /** Per ledger-registry task: identity id → the identity's latest record and the balances naming it. */
    static final String IDENTITIES_STORE = "identities-store";
    /** Per ledger-registry task: account number → the id of the account that has it (numbers are unique). */
    static final String ACCOUNT_NUMBERS_STORE = "account-numbers-store";
    static final String TRANSACTIONS_STORE = "transactions-store";
    static final String BALANCES_STORE = "balances-store";
    static final String DEADLINES_STORE = "deadlines-store";
    /** Per coordinator task: split or bulk group id → its progress ({@code GroupState}). */
    static final String GROUPS_STORE = "groups-store";
    /** Per coordinator task: group id → its leg transaction ids, comma-separated, in leg order (written once). */
    static final String GROUP_LEGS_STORE = "group-legs-store";
    /**
     * Per coordinator task: the gateway's request id → a commit, void or refund sent to every leg of a group, waiting
     * for the legs' answers ({@code GroupActionState}; deleted once answered).
     */
    static final String GROUP_ACTIONS_STORE = "group-actions-store";
    /**
     * Per coordinator task: a transaction's or group's id → every {@code POST /{id}/metadata} patch it received, merged
     * ({@code TransactionMetadataRecord}, the value last published on {@code ledger.transaction-metadata}).
     */
    static final String TRANSACTION_METADATA_STORE = "transaction-metadata-store";
    /**
     * Per ledger-registry task: monitor id → the id of the balance it watches, so that an update or deletion, which
     * names only the monitor, reaches the monitor's balance (the monitors themselves live in the balance's state).
     */
    static final String BALANCE_MONITOR_INDEX_STORE = "balance-monitor-index-store";
    /** Per balance-worker task: balance id → "version|hash|first unsealed ms" of heads not yet sealed. */
    static final String SEAL_HEADS_STORE = "seal-heads-store";
    /** Per balance-worker task: "last" → "seq|seal hash" of the partition's last seal. */
    static final String SEAL_STATE_STORE = "seal-state-store";

    private StoreNames() {
    }
}
