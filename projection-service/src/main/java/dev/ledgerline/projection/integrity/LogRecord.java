package dev.ledgerline.projection.integrity;

/**
 * One record of an event topic with its position; {@code value} is {@code null} when the bytes could
 * not be decoded (the verifier reports that as a broken link).
 */
public record LogRecord<T>(String topic, int partition, long offset, String key, T value) {
}
