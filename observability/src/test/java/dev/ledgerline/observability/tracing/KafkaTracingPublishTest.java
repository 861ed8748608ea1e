package dev.ledgerline.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import reactor.core.publisher.Mono;

/**
 * {@link KafkaTracing#tracePublish} with a real OpenTelemetry SDK behind Micrometer Tracing: a sampled request gets a
 * PRODUCER span whose context the command carries; an unsampled one gets none, and the command carries the request's
 * own context.
 */
class KafkaTracingPublishTest {

    private RecordingTracing recording;
    private Tracer tracer;

    @AfterEach
    void close() {
        recording.close();
    }

    private KafkaTracing tracingSampledBy(Sampler sampler) {
        recording = new RecordingTracing(sampler);
        tracer = recording.tracer();
        return recording.kafkaTracing();
    }

    /** Publishes under a current "request" span, as the gateway does while serving a request; returns that span. */
    private Span publish(KafkaTracing tracing, Headers headers) {
        Span request = tracer.nextSpan().name("http post /transactions").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            tracing.tracePublish("ledger.transaction-commands", "txn_1", "txn_1", headers, Mono.just("acked")).block();
        } finally {
            request.end();
        }
        return request;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void a_sampled_request_publishes_under_a_producer_span_of_its_own() {
        // given tracing that samples everything
        KafkaTracing tracing = tracingSampledBy(Sampler.alwaysOn());
        Headers headers = new RecordHeaders();

        // when a command is published while a request is served
        Span request = publish(tracing, headers);

        // then a PRODUCER span, child of the request, was recorded and the command carries its context
        SpanData producer = recording.exported().stream().filter(s -> s.getName().startsWith("publish ")).findFirst().orElseThrow();
        assertThat(producer.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(header(headers, "traceparent"))
                .isEqualTo("00-" + request.context().traceId() + "-" + producer.getSpanId() + "-01");
        assertThat(header(headers, KafkaTracing.TRANSACTION_ID_HEADER)).isEqualTo("txn_1");
    }

    @Test
    void an_unsampled_request_publishes_with_its_own_context_and_no_span() {
        // given tracing that samples nothing (export off)
        KafkaTracing tracing = tracingSampledBy(Sampler.alwaysOff());
        Headers headers = new RecordHeaders();

        // when a command is published while a request is served
        Span request = publish(tracing, headers);

        // then the command carries the request's own context, marked unsampled, and the transaction id
        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(header(headers, "traceparent"))
                .isEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId() + "-00");
        assertThat(header(headers, KafkaTracing.TRANSACTION_ID_HEADER)).isEqualTo("txn_1");
        assertThat(recording.exported()).isEmpty();
    }
}
