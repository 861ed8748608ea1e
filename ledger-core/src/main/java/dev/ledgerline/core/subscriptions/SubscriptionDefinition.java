package dev.ledgerline.core.subscriptions;

import java.util.List;
import java.util.Map;

/**
 * A webhook subscription as a client may set it, validated and normalised ({@link SubscriptionRules}).
 *
 * @param events  the chosen event names in the order first given, without repeats; exactly {@code ["*"]} for all
 * @param headers extra HTTP headers sent with each delivery (values are secrets: never logged)
 */
public record SubscriptionDefinition(String url, List<String> events, Map<String, String> headers,
                                     String description) {

    public SubscriptionDefinition {
        events = List.copyOf(events);
        headers = Map.copyOf(headers);
    }

    /** Whether an event of this wire name is delivered to the subscription. */
    public boolean wants(String eventName) {
        return wants(events, eventName);
    }

    /** {@link #wants(String)} for a stored list of event names. */
    public static boolean wants(List<? extends CharSequence> events, String eventName) {
        for (CharSequence chosen : events) {
            String name = chosen.toString();
            if (name.equals(WebhookEventName.ALL) || name.equals(eventName)) {
                return true;
            }
        }
        return false;
    }
}
