package dev.ledgerline.gateway.hooks;

import java.math.BigInteger;

import dev.ledgerline.core.hooks.HookRules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Blnk's hook fields ({@code name}, {@code url}, {@code type}, {@code active}, {@code timeout},
 * {@code retry_count}) from a request body; other fields ({@code id}, {@code created_at}, {@code last_run},
 * {@code last_success}) are ignored, as they are owned by the ledger. A field of the wrong JSON type is a
 * {@link HookRequestException}.
 */
final class HookRequests {

    private HookRequests() {
    }

    static final class HookRequestException extends RuntimeException {
        HookRequestException(String message) {
            super(message);
        }
    }

    static HookRules.Request read(ObjectNode body) {
        return new HookRules.Request(text(body, "name"), text(body, "url"), text(body, "type"), bool(body, "active"),
                integer(body, "timeout"), integer(body, "retry_count"));
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
            throw new HookRequestException(field + " must be a string");
        }
        return node.stringValue();
    }

    private static Boolean bool(ObjectNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new HookRequestException(field + " must be a boolean");
        }
        return node.booleanValue();
    }

    /** An integer of any size, clamped into a long (the rules clamp it further). */
    private static Long integer(ObjectNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw new HookRequestException(field + " must be an integer");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.bitLength() >= 64) {
            return value.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return value.longValue();
    }
}
