package dev.ledgerline.observability.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.MDC;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Carries one trace across Kafka: the W3C trace context ({@code traceparent}, {@code tracestate},
 * {@code baggage}) travels in record headers, and every hop opens a child span of the span that produced
 * the record. Three hooks, one per kind of hop:
 * <ul>
 * <li>{@link #tracePublish} — the gateway publishing a command (child of the HTTP request's span);</li>
 * <li>{@link #startStage} — one processor stage handling one record; its outputs carry the stage's own
 * context, so the next stage becomes its child;</li>
 * <li>{@link #startWrites} — the projection writing a polled batch (one span per producing span).</li>
 * </ul>
 * Spans name the transaction in {@value #TRANSACTION_ID} and {@value #BLNK_TRANSACTION_ID}; the id also
 * travels in the {@value #TRANSACTION_ID_HEADER} header, because a balance-keyed record does not carry it in
 * its key.
 */
public final class KafkaTracing {

    /** Record header with the transaction id, for stages keyed by something else (balance id). */
    public static final String TRANSACTION_ID_HEADER = "ledgerline-transaction-id";
    public static final String TRANSACTION_ID = "ledgerline.transaction_id";
    public static final String BLNK_TRANSACTION_ID = "blnk.transaction_id";
    public static final String STAGE = "ledgerline.stage";
    private static final String TRACEPARENT = "traceparent";
    /** {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}: the only shape the unsampled fast path reads. */
    private static final int TRACEPARENT_LENGTH = 55;
    /** The MDC keys Micrometer Tracing fills for the current span (renamed trace_id/span_id in the JSON log). */
    private static final String MDC_TRACE_ID = "traceId";
    private static final String MDC_SPAN_ID = "spanId";

    /** Does nothing: no spans, headers untouched. For tests and contexts without a tracer. */
    public static final KafkaTracing NOOP = new KafkaTracing(null, null);

    private static final Propagator.Getter<Headers> GETTER = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };
    private static final Propagator.Setter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public KafkaTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** True for {@link #NOOP}: callers may then skip their wrapping altogether. */
    public boolean isNoop() {
        return tracer == null;
    }

    /** The transaction id carried in {@code headers}, or null. */
    public static String transactionId(Headers headers) {
        return headers == null ? null : GETTER.get(headers, TRANSACTION_ID_HEADER);
    }

    /**
     * A PRODUCER span around {@code send}, child of the span of the HTTP request being served (found in the
     * Reactor context), with its context injected into {@code headers} before {@code send} is subscribed; when that
     * request's span is not sampled, no span: the request's context is injected as it is.
     * {@code headers} must belong to the record that {@code send} publishes.
     */
    public <T> Mono<T> tracePublish(String topic, String key, String transactionId, Headers headers, Mono<T> send) {
        if (isNoop()) {
            return send;
        }
        return Mono.deferContextual(view -> {
            Span parent = requestSpan(view);
            if (parent != null && !Boolean.TRUE.equals(parent.context().sampled())) {
                // An unsampled request: a publish span would never be recorded; the record carries the request's
                // own context (same trace id) so that the processor's stages see it as unsampled too.
                propagator.inject(parent.context(), headers, SETTER);
                if (transactionId != null) {
                    SETTER.set(headers, TRANSACTION_ID_HEADER, transactionId);
                }
                return send;
            }
            Span.Builder builder = tracer.spanBuilder().name("publish " + topic).kind(Span.Kind.PRODUCER);
            if (parent != null) {
                builder.setParent(parent.context());
            }
            Span span = tagged(builder, topic, key, transactionId).start();
            propagator.inject(span.context(), headers, SETTER);
            if (transactionId != null) {
                SETTER.set(headers, TRANSACTION_ID_HEADER, transactionId);
            }
            return send.doOnError(span::error).doFinally(signal -> span.end());
        });
    }

    /**
     * Opens the span of one processor stage handling one record, as a child of the context in
     * {@code input}, and makes it current on this thread until {@link StageSpan#close()}.
     */
    public StageSpan startStage(String stage, String topic, String key, Headers input, String transactionId) {
        if (isNoop()) {
            return new StageSpan(null, null, input);
        }
        String traceparent = input == null ? null : GETTER.get(input, TRACEPARENT);
        if (traceparent != null && w3cShaped(traceparent) && !sampled(traceparent)) {
            return unsampledStage(input, traceparent, transactionId);
        }
        if (input == null) {
            input = new RecordHeaders();
        }
        Span span = tagged(propagator.extract(input, GETTER).name("process " + stage).kind(Span.Kind.CONSUMER)
                .tag(STAGE, stage), topic, key, transactionId).start();
        Headers output = new RecordHeaders(input.toArray());
        for (String field : propagator.fields()) {
            output.remove(field);
        }
        propagator.inject(span.context(), output, SETTER);
        if (transactionId != null) {
            SETTER.set(output, TRANSACTION_ID_HEADER, transactionId);
        }
        return new StageSpan(span, tracer.withSpan(span), output);
    }

    /**
     * A stage under a producer that was not sampled: parent-based sampling would give it a span that is never
     * recorded, and opening one (extract, tag, start, rewrite every header, end) cost about a tenth of the
     * processor's CPU when nothing was exported. Instead the input's trace context travels on unchanged (the same
     * trace id; the producer's span id stays the parent, as no span is in between), and the trace and span ids go
     * into the MDC for the stage's log lines, as a current span would put them there.
     */
    private static StageSpan unsampledStage(Headers input, String traceparent, String transactionId) {
        Headers output = input;
        if (transactionId != null && !transactionId.equals(GETTER.get(input, TRANSACTION_ID_HEADER))) {
            output = new RecordHeaders(input.toArray());
            SETTER.set(output, TRANSACTION_ID_HEADER, transactionId);
        }
        return new StageSpan(output, traceparent.substring(3, 35), traceparent.substring(36, 52));
    }

    /**
     * Opens one CONSUMER span named {@code name} per distinct producing span among {@code records}
     * (records without a trace context get none, nor do records whose producing span was not sampled: under
     * parent-based sampling their span would never be recorded, and these spans are never made current, so they
     * would not even lend their ids to a log line), to be closed once the batch is written.
     */
    public RecordSpans startWrites(String name, Iterable<ConsumerRecord<String, byte[]>> records) {
        if (isNoop()) {
            return new RecordSpans(List.of());
        }
        Map<String, List<ConsumerRecord<String, byte[]>>> byParent = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String traceparent = GETTER.get(record.headers(), TRACEPARENT);
            if (traceparent != null && sampled(traceparent)) {
                byParent.computeIfAbsent(traceparent, k -> new ArrayList<>()).add(record);
            }
        }
        List<Span> spans = new ArrayList<>(byParent.size());
        for (List<ConsumerRecord<String, byte[]>> group : byParent.values()) {
            ConsumerRecord<String, byte[]> first = group.get(0);
            String transactionId = transactionId(first.headers());
            Span.Builder builder = propagator.extract(first.headers(), GETTER).name(name).kind(Span.Kind.CONSUMER)
                    .tag("messaging.batch.message_count", group.size());
            spans.add(tagged(builder, first.topic(), first.key(), transactionId).start());
        }
        return new RecordSpans(spans);
    }

    /** {@code vv-<32>-<16>-ff} by length and dashes (the digits are not checked: they are only copied to the MDC). */
    private static boolean w3cShaped(String traceparent) {
        return traceparent.length() == TRACEPARENT_LENGTH && traceparent.charAt(2) == '-'
                && traceparent.charAt(35) == '-' && traceparent.charAt(52) == '-';
    }

    /**
     * Whether a W3C {@code traceparent} ({@code version-traceid-parentid-flags}) marks its span as sampled: bit 0 of
     * the flags. A value of another shape counts as sampled, so the tracer decides.
     */
    static boolean sampled(String traceparent) {
        int dash = traceparent.lastIndexOf('-');
        if (dash < 0 || traceparent.length() != dash + 3) {
            return true;
        }
        int lowFlags = Character.digit(traceparent.charAt(dash + 2), 16);
        return lowFlags < 0 || (lowFlags & 1) == 1;
    }

    private static Span.Builder tagged(Span.Builder builder, String topic, String key, String transactionId) {
        builder.tag("messaging.system", "kafka");
        if (topic != null) {
            builder.tag("messaging.destination.name", topic);
        }
        if (key != null) {
            builder.tag("messaging.kafka.message.key", key);
        }
        if (transactionId != null) {
            builder.tag(TRANSACTION_ID, transactionId).tag(BLNK_TRANSACTION_ID, transactionId);
        }
        return builder;
    }

    /** The span of the observation (e.g. the HTTP server request) in the Reactor context, else the current one. */
    private Span requestSpan(ContextView view) {
        Object observation = view.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (observation instanceof Observation current) {
            TracingObservationHandler.TracingContext tracing =
                    current.getContextView().get(TracingObservationHandler.TracingContext.class);
            if (tracing != null && tracing.getSpan() != null) {
                return tracing.getSpan();
            }
        }
        return tracer.currentSpan();
    }

    /** One stage's span, current on its thread until closed; its outputs carry {@link #outputHeaders()}. */
    public static final class StageSpan implements AutoCloseable {

        private final Span span;
        private final Tracer.SpanInScope scope;
        private final Headers outputHeaders;
        /** Unsampled stages only: the MDC values this stage replaced, restored on close. */
        private final boolean inMdc;
        private final String previousTraceId;
        private final String previousSpanId;

        private StageSpan(Span span, Tracer.SpanInScope scope, Headers outputHeaders) {
            this.span = span;
            this.scope = scope;
            this.outputHeaders = outputHeaders;
            this.inMdc = false;
            this.previousTraceId = null;
            this.previousSpanId = null;
        }

        /** No span: {@code traceId}/{@code spanId} of the unsampled parent are in the MDC until close. */
        private StageSpan(Headers outputHeaders, String traceId, String spanId) {
            this.span = null;
            this.scope = null;
            this.outputHeaders = outputHeaders;
            this.inMdc = true;
            this.previousTraceId = MDC.get(MDC_TRACE_ID);
            this.previousSpanId = MDC.get(MDC_SPAN_ID);
            MDC.put(MDC_TRACE_ID, traceId);
            MDC.put(MDC_SPAN_ID, spanId);
        }

        /** The input's headers with this span's context (and the transaction id) in place of the parent's. */
        public Headers outputHeaders() {
            return outputHeaders;
        }

        public TraceContext context() {
            return span == null ? null : span.context();
        }

        public void error(Throwable error) {
            if (span != null) {
                span.error(error);
            }
        }

        @Override
        public void close() {
            if (span != null) {
                scope.close();
                span.end();
            }
            if (inMdc) {
                restore(MDC_TRACE_ID, previousTraceId);
                restore(MDC_SPAN_ID, previousSpanId);
            }
        }

        private static void restore(String key, String previous) {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        }
    }

    /** The write spans of one projection batch. */
    public static final class RecordSpans implements AutoCloseable {

        private final List<Span> spans;

        private RecordSpans(List<Span> spans) {
            this.spans = spans;
        }

        public void error(Throwable error) {
            spans.forEach(span -> span.error(error));
        }

        @Override
        public void close() {
            spans.forEach(Span::end);
        }
    }
}
