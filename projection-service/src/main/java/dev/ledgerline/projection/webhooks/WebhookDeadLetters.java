package dev.ledgerline.projection.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record on {@code ledger.webhook-dead-letters} (an event that exhausted its retries) and on
 * {@code ledger.webhook-redeliveries} (an operator's request to send one again). Key and value of both: the event id
 * and the webhook body, byte for byte as it was (and will be) sent.
 */
public final class WebhookDeadLetters {

    public static final String EVENT_ID = "ledgerline.webhook.event-id";
    public static final String EVENT = "ledgerline.webhook.event";
    public static final String REASON = "ledgerline.webhook.reason";
    public static final String ATTEMPTS = "ledgerline.webhook.attempts";
    public static final String AT_MS = "ledgerline.webhook.at-ms";
    /** On the dead letter of a webhook subscription's delivery: the subscription's id. */
    public static final String SUBSCRIPTION_ID = "ledgerline.webhook.subscription-id";
    /** On a redelivery request: {@code partition:offset} of the dead letter it repeats. */
    public static final String REDELIVERY_OF = "ledgerline.webhook.redelivery-of";

    private WebhookDeadLetters() {
    }

    /** Headers of a dead letter. {@code reason} names the last result (status or failure type), never a body. */
    public static Headers deadLetter(WebhookEvent event, String reason, int attempts, long atMs) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EVENT_ID, event.id());
        add(headers, EVENT, event.name());
        add(headers, REASON, reason);
        add(headers, ATTEMPTS, Integer.toString(attempts));
        add(headers, AT_MS, Long.toString(atMs));
        return headers;
    }

    /** Headers of a redelivery request for the dead letter at {@code address} ({@code partition:offset}). */
    public static Headers redelivery(String eventId, String event, String address) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EVENT_ID, eventId);
        add(headers, EVENT, event);
        add(headers, REDELIVERY_OF, address);
        return headers;
    }

    /** The last value of a header, as text. */
    public static Optional<String> header(Headers headers, String name) {
        Header last = headers.lastHeader(name);
        return last == null || last.value() == null ? Optional.empty()
                : Optional.of(new String(last.value(), StandardCharsets.UTF_8));
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
