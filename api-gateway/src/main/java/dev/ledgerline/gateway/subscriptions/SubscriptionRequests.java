package dev.ledgerline.gateway.subscriptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ledgerline.core.subscriptions.SubscriptionRules;
import dev.ledgerline.gateway.error.ErrorMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a webhook subscription's fields ({@code url}, {@code events}, {@code headers}, {@code description}) from a
 * request body; other fields ({@code id}, {@code created_at}, …) are ignored, as the ledger owns them. A field of
 * the wrong JSON type is a 400 {@code GEN_MALFORMED_REQUEST} naming the field, never its value.
 */
final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    static SubscriptionRules.Request read(ObjectNode body) {
        return new SubscriptionRules.Request(text(body, "url"), events(body), headers(body),
                text(body, "description"));
    }

    private static JsonNode present(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw ErrorMapper.malformed(field + " must be a string", field);
        }
        return node.stringValue();
    }

    private static List<String> events(ObjectNode body) {
        JsonNode node = present(body, "events");
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw ErrorMapper.malformed("events must be an array of event names", "events");
        }
        List<String> events = new ArrayList<>();
        for (JsonNode event : node) {
            if (!event.isString()) {
                throw ErrorMapper.malformed("events must be an array of event names", "events");
            }
            events.add(event.stringValue());
        }
        return events;
    }

    private static Map<String, String> headers(ObjectNode body) {
        JsonNode node = present(body, "headers");
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw ErrorMapper.malformed("headers must be an object of header names to string values", "headers");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            if (!header.getValue().isString()) {
                throw ErrorMapper.malformed("headers must be an object of header names to string values", "headers");
            }
            headers.put(header.getKey(), header.getValue().stringValue());
        }
        return headers;
    }
}
