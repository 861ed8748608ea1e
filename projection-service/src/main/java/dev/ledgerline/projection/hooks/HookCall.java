package dev.ledgerline.projection.hooks;

import dev.ledgerline.core.hooks.HookType;

/**
 * One announcement of a transaction record to one hook: Blnk's body, and the ids that stay the same on every
 * attempt.
 *
 * @param eventId {@code <topic>-<partition>-<offset>} of the transaction record (sent as
 *                {@code X-Ledgerline-Event-Id}, so an endpoint can deduplicate)
 * @param body    {@code {"transaction_id", "hook_type", "timestamp", "data"}}, signed and sent byte for byte
 * @param traceparent the W3C trace context of the transaction record, sent as {@code traceparent}; null when the
 *                    record carried none
 */
public record HookCall(String hookId, HookType type, String eventId, String transactionId, byte[] body,
                       String traceparent) {
}
