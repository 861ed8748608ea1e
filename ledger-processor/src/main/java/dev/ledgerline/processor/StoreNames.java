package dev.ledgerline.processor;

/** Every state store and processor node of the topology, named once. */
final class StoreNames {

    static final String LEDGERS_STORE = "ledgers-store";
    static final String TRANSACTIONS_STORE = "transactions-store";
    static final String BALANCES_STORE = "balances-store";
    static final String DEADLINES_STORE = "deadlines-store";

    private StoreNames() {
    }
}
