package dev.ledgerline.observability.tracing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Tracing across Kafka ({@link KafkaTracing}), redaction of exported spans and logs, OTLP log export and
 * the start-up line saying where monitoring data goes. Boot's OpenTelemetry auto-configuration builds the
 * SDK and the exporters from the properties {@link OtlpExportEnvironmentPostProcessor} derived.
 */
@AutoConfiguration(after = { OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
        MicrometerTracingAutoConfiguration.class })
public class TracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OtlpExportSettings otlpExportSettings(Environment environment) {
        return OtlpExportSettings.from(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    ExportRedaction exportRedaction(Environment environment) {
        return ExportRedaction.from(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaTracing kafkaTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer current = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return current == null || propagation == null ? KafkaTracing.NOOP : new KafkaTracing(current, propagation);
    }

    @Bean
    SpanFilter redactingSpanFilter(ExportRedaction redaction) {
        return new RedactingSpanFilter(redaction);
    }

    @Bean
    TelemetryExport telemetryExport(OtlpExportSettings settings, ObjectProvider<OpenTelemetry> openTelemetry,
            ExportRedaction redaction) {
        return new TelemetryExport(settings, openTelemetry.getIfAvailable(), redaction);
    }
}
