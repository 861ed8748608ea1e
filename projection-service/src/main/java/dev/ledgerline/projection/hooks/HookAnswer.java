package dev.ledgerline.projection.hooks;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blnk's rule for whether one hook call succeeded, from the endpoint's status and body. Pure.
 * <ul>
 *   <li>an empty body: success iff the status is 2xx;</li>
 *   <li>a body that is not JSON: success iff the status is below 400;</li>
 *   <li>a JSON object (Blnk decodes it as {@code {success, message, data}}): success iff {@code "success": true},
 *       whatever the status (a 500 with {@code {"success":true}} succeeds, a 200 with {@code {}} fails);</li>
 *   <li>any other JSON (an array, a number, …): success iff the status is below 400.</li>
 * </ul>
 * A transport failure or a timeout (no answer at all) is a failure too; the caller knows that case.
 */
public final class HookAnswer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HookAnswer() {
    }

    public static boolean succeeded(int status, byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            return status >= 200 && status < 300;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return status < 400;
        }
        if (parsed != null && parsed.isObject()) {
            JsonNode success = parsed.get("success");
            return success != null && success.isBoolean() && success.booleanValue();
        }
        return status < 400;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
