package dev.ledgerline.core.monitor;

import java.math.BigInteger;
import java.util.Objects;

import dev.ledgerline.core.Entry;

/** {@code <field> <operator> <threshold>}, the threshold in exact integer minor units of the balance. */
public record MonitorCondition(MonitorField field, MonitorOperator operator, BigInteger threshold) {

    public MonitorCondition {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(threshold, "threshold");
    }

    /** Whether the condition holds for the balance as the entry left it. */
    public boolean holdsAfter(Entry entry) {
        return operator.holds(field.of(entry), threshold);
    }
}
