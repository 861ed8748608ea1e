package dev.ledgerline.projection.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C {@code traceparent} a Kafka record carries (the trace context of the stage that wrote it, see
 * docs/TRACING.md), passed on as the {@value #HEADER} header of the webhook or hook call made from that record, so
 * a receiver that traces can join the transaction's trace. Only a well-formed value is passed on (a header value
 * with other characters would make the HTTP request unbuildable); a record without one gets none. Pure.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";
    /** {@code version-traceid-parentid-flags}, lower-case hex (W3C Trace Context, level 1). */
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceParent() {
    }

    /** The record's {@code traceparent} when it carries a well-formed one, else null. */
    public static String of(Headers headers) {
        Header last = headers == null ? null : headers.lastHeader(HEADER);
        if (last == null || last.value() == null) {
            return null;
        }
        String value = new String(last.value(), StandardCharsets.UTF_8);
        return FORMAT.matcher(value).matches() ? value : null;
    }

    /** Adds {@code traceparent} to {@code headers} when it is not null (a dead letter, a redelivery request). */
    public static void copyTo(Headers headers, String traceparent) {
        if (traceparent != null) {
            headers.remove(HEADER);
            headers.add(HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
    }
}
