package dev.ledgerline.gateway.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.input.TextRules;
import dev.ledgerline.gateway.error.ErrorMapper;

/**
 * The gateway's one JSON mapper. Request bodies are read as trees so that every field's type is
 * checked by hand (a wrong type is a 400, never a 500) and money never passes through a double:
 * floats are read as {@link java.math.BigDecimal}, integers of any size as {@link java.math.BigInteger},
 * and decimals are written without exponent.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // deep nesting costs stack and time before any check could run: refuse it while parsing
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(TextRules.MAX_JSON_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The body as a JSON object, or a 400 {@code GEN_MALFORMED_REQUEST}. */
    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ErrorMapper.malformed("request body is empty", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ErrorMapper.malformed("invalid JSON: " + e.getOriginalMessage(), null);
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson refuses a number such as 1e9999999999 with a bare NumberFormatException: still the client's 400.
            throw ErrorMapper.malformed("invalid JSON: a number is out of range", null);
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw ErrorMapper.malformed("request body must be a JSON object", null);
        }
        checkStrings(node, "");
        return (ObjectNode) node;
    }

    /**
     * Every string value and field name of a body follows ledger-core's {@link TextRules} (no NUL, control
     * characters or lone surrogates; bounded length), wherever it sits: a value the stores cannot hold is refused
     * here rather than stop the read model later.
     */
    private static void checkStrings(JsonNode node, String path) {
        if (node.isString()) {
            String problem = TextRules.textProblem(node.stringValue());
            if (problem != null) {
                throw ErrorMapper.malformed((path.isEmpty() ? "a value" : path) + " " + problem, path);
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String problem = TextRules.textProblem(field.getKey());
                if (problem != null) {
                    throw ErrorMapper.malformed("a field name in " + (path.isEmpty() ? "the body" : path) + " " + problem, path);
                }
                checkStrings(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** Compact JSON text of {@code node} ({@code "{}"} for null). */
    public static String compact(JsonNode node) {
        return node == null ? "{}" : MAPPER.writeValueAsString(node);
    }

    /** {@code text} parsed as an object, or an empty object if it is not one (stored meta_data). */
    public static ObjectNode objectOrEmpty(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? (ObjectNode) node : object();
        } catch (JacksonException e) {
            return object();
        }
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
