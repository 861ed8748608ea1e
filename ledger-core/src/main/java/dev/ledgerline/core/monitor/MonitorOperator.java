package dev.ledgerline.core.monitor;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Blnk's six comparison operators, compared exactly on integers of any size. {@code =} is equality (in Blnk it never
 * matches: its comparator only knows {@code ==}, which its database refuses).
 */
public enum MonitorOperator {
    GREATER(">"),
    LESS("<"),
    GREATER_OR_EQUAL(">="),
    LESS_OR_EQUAL("<="),
    EQUAL("="),
    NOT_EQUAL("!=");

    private final String wire;

    MonitorOperator(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<MonitorOperator> ofWire(String text) {
        for (MonitorOperator operator : values()) {
            if (operator.wire.equals(text)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code observed <operator> threshold}. */
    public boolean holds(BigInteger observed, BigInteger threshold) {
        int comparison = observed.compareTo(threshold);
        return switch (this) {
            case GREATER -> comparison > 0;
            case LESS -> comparison < 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
        };
    }
}
