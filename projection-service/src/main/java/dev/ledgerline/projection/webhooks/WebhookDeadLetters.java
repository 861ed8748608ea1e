package dev.ledgerline.projection.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record on {@code ledger.webhook-dead-letters} (an event that exhausted its retries) and on
 * {@code ledger.webhook-redeliveries} (an operator's request to send one again). Key and value of both: the event id
 * and the webhook (or hook call) body, byte for byte as it was (and will be) sent.
 *
 * <p>The <b>endpoint</b> headers ({@value #SUBSCRIPTION_ID}, {@value #HOOK_ID}) say which delivery lane a dead letter
 * came from; a redelivery request carries the same ones, and exactly that lane delivers it: the global URL's lane
 * takes requests with neither header, a subscription's lane those naming its subscription, a hook's lane those naming
 * its hook. So a redelivered event reaches only the endpoint it failed for.
 */
public final class WebhookDeadLetters {

    public static final String EVENT_ID = "ledgerline.webhook.event-id";
    public static final String EVENT = "ledgerline.webhook.event";
    public static final String REASON = "ledgerline.webhook.reason";
    public static final String ATTEMPTS = "ledgerline.webhook.attempts";
    public static final String AT_MS = "ledgerline.webhook.at-ms";
    /** Endpoint header: the webhook subscription whose delivery failed (or is to be repeated). */
    public static final String SUBSCRIPTION_ID = "ledgerline.webhook.subscription-id";
    /** Endpoint header: the transaction hook whose call failed (or is to be repeated). */
    public static final String HOOK_ID = "ledgerline.webhook.hook-id";
    /** On a redelivery request: {@code partition:offset} of the dead letter it repeats. */
    public static final String REDELIVERY_OF = "ledgerline.webhook.redelivery-of";
    /** The headers naming an endpoint; none of them names the global URL. */
    static final List<String> ENDPOINT_HEADERS = List.of(SUBSCRIPTION_ID, HOOK_ID);

    private WebhookDeadLetters() {
    }

    /**
     * Headers of a dead letter. {@code reason} names the last result (status or failure type), never a body;
     * {@code endpoint} holds the endpoint headers of the lane (empty for the global URL); the event's
     * {@code traceparent} is kept so that a redelivery carries it too.
     */
    public static Headers deadLetter(WebhookEvent event, String reason, int attempts, long atMs,
                                     Map<String, String> endpoint) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EVENT_ID, event.id());
        add(headers, EVENT, event.name());
        add(headers, REASON, reason);
        add(headers, ATTEMPTS, Integer.toString(attempts));
        add(headers, AT_MS, Long.toString(atMs));
        endpoint.forEach((name, value) -> add(headers, name, value));
        TraceParent.copyTo(headers, event.traceparent());
        return headers;
    }

    /**
     * Headers of a redelivery request for the dead letter at {@code address} ({@code partition:offset}), addressed
     * to the same endpoint as the dead letter ({@code endpoint}: its endpoint headers), with its trace context.
     */
    public static Headers redelivery(String eventId, String event, String address, Map<String, String> endpoint,
                                     String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EVENT_ID, eventId);
        add(headers, EVENT, event);
        add(headers, REDELIVERY_OF, address);
        endpoint.forEach((name, value) -> add(headers, name, value));
        TraceParent.copyTo(headers, traceparent);
        return headers;
    }

    /**
     * Whether a redelivery request is for the lane whose endpoint headers are {@code endpoint}: every endpoint header
     * is absent from both or has the same value in both (so the global URL's lane, with none, takes only requests
     * naming no subscription and no hook).
     */
    public static boolean isFor(Headers request, Map<String, String> endpoint) {
        for (String name : ENDPOINT_HEADERS) {
            if (!Objects.equals(header(request, name).orElse(null), endpoint.get(name))) {
                return false;
            }
        }
        return true;
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
