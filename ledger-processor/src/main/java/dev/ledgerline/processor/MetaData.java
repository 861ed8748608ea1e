package dev.ledgerline.processor;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meta_data} merges decided by an owner. The gateway validated both objects; a stored value that is not an
 * object (never written by Ledgerline) counts as empty rather than stopping the owner.
 */
final class MetaData {

    /** Kept beside {@code meta_data} by the identity owner, shown inside it on reads: never taken from a client. */
    static final String TOKENIZED_FIELDS = "tokenized_fields";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private MetaData() {
    }

    /**
     * An identity's {@code base} with every top-level key of {@code patch} set to the patch's value (Blnk's metadata
     * update), except {@value #TOKENIZED_FIELDS}, which only the identity's owner writes.
     */
    static String shallowMerge(String base, String patch) {
        return merge(base, patch, TOKENIZED_FIELDS);
    }

    /** {@code base} with every top-level key of {@code patch} set to the patch's value ({@code null} kept as null). */
    static String shallowMergeAll(String base, String patch) {
        return merge(base, patch, null);
    }

    private static String merge(String base, String patch, String keptKey) {
        ObjectNode merged = object(base);
        for (Map.Entry<String, JsonNode> entry : object(patch).properties()) {
            if (!entry.getKey().equals(keptKey)) {
                merged.set(entry.getKey(), entry.getValue());
            }
        }
        return JSON.writeValueAsString(merged);
    }

    private static ObjectNode object(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node = JSON.readTree(json);
        return node instanceof ObjectNode object ? object : JSON.createObjectNode();
    }
}
