package dev.ledgerline.projection.webhooks;

/**
 * One webhook to deliver: Blnk's event name, the exact body bytes ({@code {"event": …, "data": …}}) and Ledgerline's
 * stable event id.
 *
 * @param id          {@code <topic>-<partition>-<offset>} of the record the event was made from: the same on every
 *                    attempt and every redelivery, so receivers can deduplicate on it ({@value #ID_HEADER})
 * @param name        Blnk's event name, e.g. {@code transaction.applied}
 * @param body        the JSON body, signed and sent byte for byte as it is
 * @param traceparent the W3C trace context of the record ({@link TraceParent}), sent as {@code traceparent}; null
 *                    when the record carried none
 */
public record WebhookEvent(String id, String name, byte[] body, String traceparent) {

    public static final String ID_HEADER = "X-Ledgerline-Event-Id";

    /** An event without trace context. */
    public WebhookEvent(String id, String name, byte[] body) {
        this(id, name, body, null);
    }

    /** The same event, carrying {@code traceparent} (null: none). */
    public WebhookEvent tracedBy(String traceparent) {
        return new WebhookEvent(id, name, body, traceparent);
    }

    /** The id of the event made from the record at this position. */
    public static String idOf(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }
}
