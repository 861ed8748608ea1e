package dev.ledgerline.observability.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

import tools.jackson.databind.json.JsonMapper;

import reactor.core.publisher.Mono;

/** Blnk's error envelope {@code {"error", "error_detail": {"code", "message", "details"}}}, written directly. */
public final class BlnkErrorBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BlnkErrorBody() {
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String code, String message) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", code);
        detail.put("message", message);
        detail.put("details", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("error_detail", detail);
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }
}
