package dev.ledgerline.projection.http;

import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ledgerline.projection.store.BalanceMonitorRow;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Blnk's monitor object ({@code model.BalanceMonitor}) with exact numbers: {@code value} is the exact decimal,
 * {@code precise_value} an integer of any size. {@code fire_on_every_update} is Ledgerline's opt-in to Blnk's firing.
 */
public record BalanceMonitorJson(
        @JsonProperty("monitor_id") String monitorId,
        @JsonProperty("balance_id") String balanceId,
        @JsonProperty("condition") Condition condition,
        @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_EMPTY) String description,
        @JsonProperty("fire_on_every_update") boolean fireOnEveryUpdate,
        @JsonProperty("created_at") String createdAt) {

    public record Condition(@JsonProperty("field") String field, @JsonProperty("operator") String operator,
                            @JsonProperty("value") @JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal value, @JsonProperty("precision") long precision,
                            @JsonProperty("precise_value") BigInteger preciseValue) {
    }

    public static BalanceMonitorJson of(BalanceMonitorRow row) {
        return new BalanceMonitorJson(row.monitorId(), row.balanceId(), new Condition(row.field(), row.operator(),
                row.value(), row.precision(), row.preciseValue()), row.description(), row.fireOnEveryUpdate(),
                BlnkTime.format(row.createdAt()));
    }
}
