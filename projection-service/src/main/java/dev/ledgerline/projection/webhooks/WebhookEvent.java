package dev.ledgerline.projection.webhooks;

/**
 * One webhook to deliver: Blnk's event name, the exact body bytes ({@code {"event": …, "data": …}}) and Ledgerline's
 * stable event id.
 *
 * @param id   {@code <topic>-<partition>-<offset>} of the record the event was made from: the same on every attempt
 *             and every redelivery, so receivers can deduplicate on it ({@value #ID_HEADER})
 * @param name Blnk's event name, e.g. {@code transaction.applied}
 * @param body the JSON body, signed and sent byte for byte as it is
 */
public record WebhookEvent(String id, String name, byte[] body) {

    public static final String ID_HEADER = "X-Ledgerline-Event-Id";

    /** The id of the event made from the record at this position. */
    public static String idOf(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }
}
