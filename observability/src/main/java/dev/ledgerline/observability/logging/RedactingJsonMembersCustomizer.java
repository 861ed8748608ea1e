package dev.ledgerline.observability.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

import dev.ledgerline.observability.Redactor;

/**
 * Runs every string of every structured log line (message, stack trace, MDC values, key-value pairs)
 * through {@link Redactor} before it is written, so no token, key or password reaches stdout whoever
 * logged it. Registered by {@code logging.structured.json.customizer} (a default of the observability module).
 */
public final class RedactingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, Redactor::redact));
    }
}
