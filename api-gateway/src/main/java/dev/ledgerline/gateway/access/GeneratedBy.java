package dev.ledgerline.gateway.access;

import org.springframework.web.server.ServerWebExchange;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Blnk's {@code meta_data.BLNK_GENERATED_BY}: a ledger, balance or transaction created with an API key records the
 * key's id in its metadata (master-key and insecure requests are not tagged, bulk items neither, as in Blnk). The
 * tag is set on the parsed body, so no number is re-encoded on the way (Blnk's float64 round trip is not copied).
 */
public final class GeneratedBy {

    public static final String KEY = "BLNK_GENERATED_BY";
    private static final String META_DATA = "meta_data";

    private GeneratedBy() {
    }

    /** Adds the calling API key's id to {@code body.meta_data} (creating it when absent or null); returns body. */
    public static ObjectNode tag(ObjectNode body, ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        if (caller.isMaster()) {
            return body;
        }
        JsonNode metaData = body.get(META_DATA);
        if (metaData == null || metaData.isNull()) {
            body.putObject(META_DATA).put(KEY, caller.apiKey().apiKeyId());
        } else if (metaData.isObject()) {
            ((ObjectNode) metaData).put(KEY, caller.apiKey().apiKeyId());
        }
        // any other meta_data is the client's mistake: validation answers 400 for it
        return body;
    }
}
