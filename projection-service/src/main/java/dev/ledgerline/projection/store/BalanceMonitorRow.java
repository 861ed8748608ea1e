package dev.ledgerline.projection.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/** One row of {@code balance_monitors}, as served. */
public record BalanceMonitorRow(String monitorId, String balanceId, String field, String operator, BigDecimal value,
                                long precision, BigInteger preciseValue, boolean fireOnEveryUpdate,
                                String description, Instant createdAt) {
}
