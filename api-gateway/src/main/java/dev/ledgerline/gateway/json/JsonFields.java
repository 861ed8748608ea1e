package dev.ledgerline.gateway.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.DecimalText;
import dev.ledgerline.core.input.TextRules;
import dev.ledgerline.core.InvalidAmountException;
import dev.ledgerline.gateway.error.ErrorMapper;

/**
 * Typed, optional access to fields of a request object. Absent and {@code null} read as "not
 * given"; any other type than the expected one is a 400 {@code GEN_MALFORMED_REQUEST} naming the
 * field. Unknown fields are simply never read (Blnk ignores them too).
 */
public final class JsonFields {

    /** Fields that name things (kept short and free of control characters: they are keys and index entries). */
    static final Set<String> IDENTIFIERS = Set.of("reference", "source", "destination", "currency", "ledger_id",
            "balance_id", "identity_id", "identifier", "transaction_id", "indicator", "batch_id", "owner");
    static final String META_DATA = "meta_data";

    private final ObjectNode body;

    public JsonFields(ObjectNode body) {
        this.body = body;
    }

    public boolean has(String name) {
        JsonNode node = body.get(name);
        return node != null && !node.isNull();
    }

    public String string(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw wrongType(name, "a string");
        }
        String value = node.stringValue();
        if (IDENTIFIERS.contains(name)) {
            String problem = TextRules.identifierProblem(value);
            if (problem != null) {
                throw ErrorMapper.malformed(name + " " + problem, name);
            }
        }
        return value;
    }

    public Boolean bool(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(name, "a boolean");
        }
        return node.booleanValue();
    }

    /**
     * A JSON number or a numeric string (money is accepted both ways), exactly, never via double, read by
     * ledger-core's {@link DecimalText}: ASCII digits only and bounded size, checked on the written form before any
     * expansion (a number token is passed on as Jackson's compact {@code BigDecimal} text, e.g. {@code 1E+300000}).
     */
    public BigDecimal number(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        String text;
        if (node.isNumber()) {
            text = node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.decimalValue().toString();
        } else if (node.isString()) {
            text = node.stringValue();
        } else {
            throw wrongType(name, "a number or a numeric string");
        }
        try {
            return DecimalText.parse(text);
        } catch (InvalidAmountException e) {
            throw ErrorMapper.malformed(name + " " + e.getMessage(), name);
        }
    }

    public ObjectNode object(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw wrongType(name, "an object");
        }
        if (META_DATA.equals(name)
                && Json.compact(node).getBytes(StandardCharsets.UTF_8).length > TextRules.MAX_META_DATA_BYTES) {
            throw ErrorMapper.malformed(name + " is larger than " + TextRules.MAX_META_DATA_BYTES + " bytes of JSON", name);
        }
        return (ObjectNode) node;
    }

    /** A JSON array of objects, or null when absent. */
    public List<ObjectNode> objects(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw wrongType(name, "an array");
        }
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw wrongType(name, "an array of objects");
            }
            items.add((ObjectNode) item);
        }
        return items;
    }

    private JsonNode present(String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private static RuntimeException wrongType(String name, String expected) {
        return ErrorMapper.malformed(name + " must be " + expected, name);
    }
}
