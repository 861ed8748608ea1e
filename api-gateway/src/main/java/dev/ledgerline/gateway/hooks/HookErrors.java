package dev.ledgerline.gateway.hooks;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ledgerline.gateway.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Blnk's "bare" error shape of the hook routes: {@code {"code": <legacy code>, "message", "details": {},
 * "error_detail": {"code", "message"}}}. Every client mistake is a 4xx here (Blnk answers 500 for an empty URL or
 * an unknown type); the message never repeats the URL, which may carry credentials.
 */
final class HookErrors {

    static final String HOOK_INVALID = "HOOK_INVALID";
    static final String HOOK_NOT_FOUND = "HOOK_NOT_FOUND";

    private HookErrors() {
    }

    /** 400: the request cannot be a hook (unparseable body, wrong field type, failed validation). */
    static ResponseEntity<String> invalid(String message) {
        return bare(400, "INVALID_INPUT", HOOK_INVALID, message);
    }

    static ResponseEntity<String> notFound(String hookId) {
        return bare(404, "NOT_FOUND", HOOK_NOT_FOUND, "hook with ID '" + hookId + "' not found");
    }

    static ResponseEntity<String> bare(int status, String legacyCode, String code, String message) {
        ObjectNode body = Json.object();
        body.put("code", legacyCode);
        body.put("message", message);
        body.putObject("details");
        ObjectNode detail = body.putObject("error_detail");
        detail.put("code", code);
        detail.put("message", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
