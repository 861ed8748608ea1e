package dev.ledgerline.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The shape of a record in {@link Topics#DEAD_LETTERS}: the original key and value unchanged, the original
 * headers, and headers under {@link #PREFIX} saying where the record came from, who set it aside and why.
 * A replay strips the {@link #PREFIX} headers and sends key, value and the rest back to the source topic.
 */
public final class DeadLetters {

    public static final String PREFIX = "ledgerline.dead-letter.";
    public static final String REASON = PREFIX + "reason";
    /** The failure's type and message, cut to {@link #DETAIL_MAX} characters. */
    public static final String DETAIL = PREFIX + "detail";
    /** {@code ledger-processor/<stage>} or {@code projection-service}. */
    public static final String CONSUMER = PREFIX + "consumer";
    public static final String SOURCE_TOPIC = PREFIX + "topic";
    public static final String SOURCE_PARTITION = PREFIX + "partition";
    public static final String SOURCE_OFFSET = PREFIX + "offset";
    public static final String AT_MS = PREFIX + "at-ms";
    /** Set by a replay on the record it sends back: the dead letter's own offset. */
    public static final String REPLAYED_FROM = PREFIX + "replayed-from";
    public static final int DETAIL_MAX = 1000;

    private DeadLetters() {
    }

    /** Where a dead letter came from. */
    public record Source(String topic, int partition, long offset) {

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** The original headers plus the dead-letter headers. */
    public static Headers headers(Headers original, Source source, DeadLetterReason reason, Throwable failure,
                                  String consumer, long atMs) {
        return headers(original, source, reason, detail(failure), consumer, atMs);
    }

    /** The original headers plus the dead-letter headers, with the failure already described. */
    public static Headers headers(Headers original, Source source, DeadLetterReason reason, String detail,
                                  String consumer, long atMs) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                // a replayed record that fails again still says which dead letter it was replayed from
                if (!header.key().startsWith(PREFIX) || header.key().equals(REPLAYED_FROM)) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        put(headers, REASON, reason.name());
        put(headers, DETAIL, detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX));
        put(headers, CONSUMER, consumer);
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, AT_MS, Long.toString(atMs));
        return headers;
    }

    /** The headers a replay sends back: the original ones, with where it was replayed from. */
    public static Headers replayHeaders(Headers deadLetter, long deadLetterOffset) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter) {
            if (!header.key().startsWith(PREFIX)) {
                headers.add(header.key(), header.value());
            }
        }
        put(headers, REPLAYED_FROM, Long.toString(deadLetterOffset));
        return headers;
    }

    public static Optional<String> header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The failure's type and message, bounded; its class name alone when it has no message. */
    public static String detail(Throwable failure) {
        if (failure == null) {
            return "";
        }
        String text = failure.getMessage() == null ? failure.getClass().getName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return text.length() <= DETAIL_MAX ? text : text.substring(0, DETAIL_MAX);
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
