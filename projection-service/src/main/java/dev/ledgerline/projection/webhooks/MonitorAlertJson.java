package dev.ledgerline.projection.webhooks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ledgerline.projection.http.BalanceMonitorJson;
import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.projection.store.BalanceMonitorRow;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;

/**
 * The {@code data} of a {@code balance.monitor} webhook: Blnk's monitor object (what Blnk sends, and all it sends)
 * plus what a receiver needs to act without reading the balance again, which by then may have moved on: the
 * transaction that caused the alert, the watched figure and the whole balance right after that change, every amount
 * an exact integer in minor units.
 */
@JsonPropertyOrder({"monitor_id", "balance_id", "condition", "description", "fire_on_every_update", "created_at",
        "transaction_id", "observed_value", "fired_at", "balance"})
record MonitorAlertJson(
        @JsonProperty("monitor_id") String monitorId,
        @JsonProperty("balance_id") String balanceId,
        @JsonProperty("condition") BalanceMonitorJson.Condition condition,
        @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_EMPTY) String description,
        @JsonProperty("fire_on_every_update") boolean fireOnEveryUpdate,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("transaction_id") String transactionId,
        @JsonProperty("observed_value") BigInteger observedValue,
        @JsonProperty("fired_at") String firedAt,
        @JsonProperty("balance") BalanceAfter balance) {

    /** The balance as the change left it (entry {@code version} in {@code ledger.entries}). */
    record BalanceAfter(@JsonProperty("balance_id") String balanceId, @JsonProperty("ledger_id") String ledgerId,
                        @JsonProperty("currency") String currency, @JsonProperty("balance") BigInteger balance,
                        @JsonProperty("credit_balance") BigInteger creditBalance,
                        @JsonProperty("debit_balance") BigInteger debitBalance,
                        @JsonProperty("inflight_balance") BigInteger inflightBalance,
                        @JsonProperty("inflight_credit_balance") BigInteger inflightCreditBalance,
                        @JsonProperty("inflight_debit_balance") BigInteger inflightDebitBalance,
                        @JsonProperty("version") long version) {
    }

    static MonitorAlertJson of(BalanceMonitorAlert alert) {
        BalanceMonitorSpec spec = alert.getMonitor();
        BalanceMonitorJson monitor = BalanceMonitorJson.of(new BalanceMonitorRow(spec.getMonitorId(),
                spec.getBalanceId(), spec.getField(), spec.getOperator(), new BigDecimal(spec.getValue()),
                spec.getPrecision(), new BigInteger(spec.getPreciseValue()), spec.getFireOnEveryUpdate(),
                spec.getDescription(), Instant.ofEpochMilli(spec.getCreatedAtMs())));
        BalanceAfter balance = new BalanceAfter(spec.getBalanceId(), alert.getLedgerId(), alert.getCurrency(),
                new BigInteger(alert.getBalance()), new BigInteger(alert.getCreditBalance()),
                new BigInteger(alert.getDebitBalance()), new BigInteger(alert.getInflightBalance()),
                new BigInteger(alert.getInflightCreditBalance()), new BigInteger(alert.getInflightDebitBalance()),
                alert.getEntryVersion());
        return new MonitorAlertJson(monitor.monitorId(), monitor.balanceId(), monitor.condition(),
                monitor.description(), monitor.fireOnEveryUpdate(), monitor.createdAt(), alert.getTransactionId(),
                new BigInteger(alert.getObservedValue()), BlnkTime.format(Instant.ofEpochMilli(alert.getFiredAtMs())),
                balance);
    }
}
