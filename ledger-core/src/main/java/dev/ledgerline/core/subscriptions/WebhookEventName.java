package dev.ledgerline.core.subscriptions;

import java.util.Optional;

/**
 * The Blnk webhook events Ledgerline sends (README, "Webhooks"), by their wire names. A subscription chooses among
 * these, or {@value #ALL} for every one (including events a later version adds).
 */
public enum WebhookEventName {
    LEDGER_CREATED("ledger.created"),
    BALANCE_CREATED("balance.created"),
    IDENTITY_CREATED("identity.created"),
    TRANSACTION_APPLIED("transaction.applied"),
    TRANSACTION_INFLIGHT("transaction.inflight"),
    TRANSACTION_VOID("transaction.void"),
    TRANSACTION_REJECTED("transaction.rejected"),
    BALANCE_MONITOR("balance.monitor"),
    BULK_TRANSACTION_APPLIED("bulk_transaction.applied"),
    BULK_TRANSACTION_INFLIGHT("bulk_transaction.inflight"),
    BULK_TRANSACTION_FAILED("bulk_transaction.failed");

    /** Every event. */
    public static final String ALL = "*";

    private final String wire;

    WebhookEventName(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The event named exactly so (no case folding); empty for anything else. */
    public static Optional<WebhookEventName> parse(String wire) {
        for (WebhookEventName name : values()) {
            if (name.wire.equals(wire)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
