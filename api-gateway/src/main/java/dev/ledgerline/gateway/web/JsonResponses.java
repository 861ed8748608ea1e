package dev.ledgerline.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.gateway.json.Json;

/** JSON bodies written with the gateway's mapper (bare big integers, plain decimals). */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static ResponseEntity<String> created(JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }

    public static ResponseEntity<String> of(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
