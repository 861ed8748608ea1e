package dev.ledgerline.observability.tracing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * A real OpenTelemetry SDK behind Micrometer Tracing, as the services wire it (W3C propagation), that keeps every
 * exported span in memory for a test to read. Shared with ledger-processor's tests through this module's test-jar.
 */
public final class RecordingTracing implements AutoCloseable {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final KafkaTracing kafkaTracing;

    /** {@code sampler}: the SDK's default is parent-based always-on; {@code Sampler.alwaysOff()} samples nothing. */
    public RecordingTracing(Sampler sampler) {
        provider = SdkTracerProvider.builder().setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                        exported.addAll(spans);
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                    }
                })).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        tracer = new OtelTracer(otel, current, event -> { }, new OtelBaggageManager(current, List.of(), List.of()));
        kafkaTracing = new KafkaTracing(tracer,
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
    }

    /** Parent-based, always on: every span with a sampled (or no) parent is recorded. */
    public RecordingTracing() {
        this(Sampler.parentBased(Sampler.alwaysOn()));
    }

    public Tracer tracer() {
        return tracer;
    }

    public KafkaTracing kafkaTracing() {
        return kafkaTracing;
    }

    /** The spans ended and exported so far (sampled ones only). */
    public List<SpanData> exported() {
        return exported;
    }

    @Override
    public void close() {
        provider.close();
    }
}
