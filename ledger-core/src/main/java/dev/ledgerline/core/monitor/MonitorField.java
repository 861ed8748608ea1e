package dev.ledgerline.core.monitor;

import java.math.BigInteger;
import java.util.Optional;

import dev.ledgerline.core.Entry;

/** The balance figure a monitor watches, with Blnk's wire names. */
public enum MonitorField {
    BALANCE("balance"),
    CREDIT_BALANCE("credit_balance"),
    DEBIT_BALANCE("debit_balance"),
    INFLIGHT_BALANCE("inflight_balance"),
    INFLIGHT_CREDIT_BALANCE("inflight_credit_balance"),
    INFLIGHT_DEBIT_BALANCE("inflight_debit_balance");

    private final String wire;

    MonitorField(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<MonitorField> ofWire(String text) {
        for (MonitorField field : values()) {
            if (field.wire.equals(text)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The figure after the change the entry records (entries carry every resulting figure). */
    public BigInteger of(Entry entry) {
        return switch (this) {
            case BALANCE -> entry.balance();
            case CREDIT_BALANCE -> entry.creditBalance();
            case DEBIT_BALANCE -> entry.debitBalance();
            case INFLIGHT_BALANCE -> entry.inflightBalance();
            case INFLIGHT_CREDIT_BALANCE -> entry.inflightCreditBalance();
            case INFLIGHT_DEBIT_BALANCE -> entry.inflightDebitBalance();
        };
    }
}
