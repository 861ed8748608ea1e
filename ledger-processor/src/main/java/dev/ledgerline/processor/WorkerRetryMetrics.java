package dev.ledgerline.processor;

import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code blnk_worker_retries_total{reason}}. Ledgerline's stages never retry a decision (a decision is
 * deterministic; a rejection is final), so the retries a worker does are Kafka's:
 * <ul>
 * <li>{@code reason="producer_send"}: record sends the stream threads' producers retried after a
 *     transient broker error (Kafka's {@code record-retry-total});</li>
 * <li>{@code reason="stream_thread_failed"}: stream threads that died (Kafka Streams'
 *     {@code failed-stream-threads}); the processor then stops its streams client and /health says DOWN.</li>
 * </ul>
 * Read from the current streams client at every scrape; totals of a client replaced by a restart are
 * carried over, so the counter never goes down.
 */
final class WorkerRetryMetrics {

    private static final String PRODUCER_GROUP = "producer-metrics";
    private static final String PRODUCER_RETRIES = "record-retry-total";
    private static final String STREAMS_GROUP = "stream-metrics";
    private static final String FAILED_THREADS = "failed-stream-threads";

    private volatile KafkaStreams current;
    private double producerRetriesBefore;
    private double failedThreadsBefore;

    WorkerRetryMetrics(MeterRegistry registry) {
        FunctionCounter.builder("blnk.worker.retries", this, WorkerRetryMetrics::producerRetries)
                .description("Kafka-level retries in the worker, by reason").tag("reason", "producer_send").register(registry);
        FunctionCounter.builder("blnk.worker.retries", this, WorkerRetryMetrics::failedThreads)
                .description("Kafka-level retries in the worker, by reason").tag("reason", "stream_thread_failed")
                .register(registry);
    }

    /** Follows a new streams client from now on, keeping what the previous one counted. */
    synchronized void watch(KafkaStreams streams) {
        KafkaStreams previous = current;
        if (previous != null) {
            producerRetriesBefore += sum(previous, PRODUCER_GROUP, PRODUCER_RETRIES);
            failedThreadsBefore += sum(previous, STREAMS_GROUP, FAILED_THREADS);
        }
        current = streams;
    }

    synchronized double producerRetries() {
        return producerRetriesBefore + sum(current, PRODUCER_GROUP, PRODUCER_RETRIES);
    }

    synchronized double failedThreads() {
        return failedThreadsBefore + sum(current, STREAMS_GROUP, FAILED_THREADS);
    }

    private static double sum(KafkaStreams streams, String group, String name) {
        if (streams == null) {
            return 0;
        }
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.group().equals(group) && metric.name().equals(name)
                    && entry.getValue().metricValue() instanceof Number value && Double.isFinite(value.doubleValue())) {
                total += value.doubleValue();
            }
        }
        return total;
    }
}
