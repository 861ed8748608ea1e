package dev.ledgerline.core.subscriptions;

/** Why the subscriptions' single owner (the processor's ledger registry) refused a subscription command. */
public enum SubscriptionRefusal {
    /** A create named an id that is taken (ids are generated, so only a replayed command meets this). */
    SUBSCRIPTION_ALREADY_EXISTS,
    /** An update or delete named a subscription that does not exist (never did, or was deleted). */
    SUBSCRIPTION_NOT_FOUND
}
