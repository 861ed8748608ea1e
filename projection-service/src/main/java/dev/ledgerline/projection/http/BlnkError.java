package dev.ledgerline.projection.http;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Blnk's error envelope: {@code {"error": msg, "error_detail": {"code", "message", "details"}}}. */
public record BlnkError(@JsonProperty("error") String error, @JsonProperty("error_detail") Detail errorDetail) {

    public record Detail(@JsonProperty("code") String code, @JsonProperty("message") String message,
                         @JsonProperty("details") Map<String, Object> details) {
    }

    public static BlnkError of(String code, String message) {
        return new BlnkError(message, new Detail(code, message, Map.of()));
    }
}
