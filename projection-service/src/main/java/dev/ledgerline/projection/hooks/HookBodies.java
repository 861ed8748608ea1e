package dev.ledgerline.projection.hooks;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ledgerline.core.hooks.HookType;
import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.projection.webhooks.WebhookEnvelopes;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blnk's hook body: {@code {"transaction_id", "hook_type", "timestamp", "data"}} in that order, {@code data} being
 * the transaction exactly as {@code GET /transactions/{id}} answers it (money as exact integers of any size), and
 * {@code timestamp} the time the record was written (Blnk: when the call was queued), the same on every attempt.
 * Pure.
 */
public final class HookBodies {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private HookBodies() {
    }

    @JsonPropertyOrder({"transaction_id", "hook_type", "timestamp", "data"})
    record Body(@JsonProperty("transaction_id") String transactionId, @JsonProperty("hook_type") String hookType,
                @JsonProperty("timestamp") String timestamp, @JsonProperty("data") Object data) {
    }

    /** @param traceparent the record's W3C trace context, or null */
    public static HookCall call(String hookId, HookType type, String eventId, TransactionRecord record,
                                long recordTimestampMs, String traceparent) {
        Body body = new Body(record.getTransactionId(), type.name(),
                BlnkTime.format(Instant.ofEpochMilli(recordTimestampMs)), WebhookEnvelopes.transactionJson(record));
        return new HookCall(hookId, type, eventId, record.getTransactionId(), JSON.writeValueAsBytes(body),
                traceparent);
    }

    /** The {@code transaction_id} of a call's body as it was sent (a redelivered call), or null. */
    public static String transactionIdOf(byte[] body) {
        try {
            var id = JSON.readTree(body).get("transaction_id");
            return id == null || !id.isString() ? null : id.asString();
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
