package dev.ledgerline.processor;

import java.util.ArrayList;
import java.util.List;
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
 * carried over, so the counter never goes down. {@link KafkaStreams#metrics()} copies every metric of the client
 * into a new map, so the matching metrics are looked up once and then again only every
 * {@link #RESCAN_INTERVAL_NANOS} (stream threads, and their producers, can be replaced meanwhile).
 */
final class WorkerRetryMetrics {

    private static final String PRODUCER_GROUP = "producer-metrics";
    private static final String PRODUCER_RETRIES = "record-retry-total";
    private static final String STREAMS_GROUP = "stream-metrics";
    private static final String FAILED_THREADS = "failed-stream-threads";

    private static final long RESCAN_INTERVAL_NANOS = java.time.Duration.ofSeconds(30).toNanos();

    private volatile KafkaStreams current;
    private double producerRetriesBefore;
    private double failedThreadsBefore;
    private List<Metric> producerRetryMetrics = List.of();
    private List<Metric> failedThreadMetrics = List.of();
    private long scannedAtNanos;
    private boolean scanned;

    WorkerRetryMetrics(MeterRegistry registry) {
        FunctionCounter.builder("blnk.worker.retries", this, WorkerRetryMetrics::producerRetries)
                .description("Kafka-level retries in the worker, by reason").tag("reason", "producer_send").register(registry);
        FunctionCounter.builder("blnk.worker.retries", this, WorkerRetryMetrics::failedThreads)
                .description("Kafka-level retries in the worker, by reason").tag("reason", "stream_thread_failed")
                .register(registry);
    }

    /** Follows a new streams client from now on, keeping what the previous one counted. */
    synchronized void watch(KafkaStreams streams) {
        if (current != null) {
            rescan();
            producerRetriesBefore += sum(producerRetryMetrics);
            failedThreadsBefore += sum(failedThreadMetrics);
        }
        current = streams;
        scanned = false;
    }

    synchronized double producerRetries() {
        maybeRescan();
        return producerRetriesBefore + sum(producerRetryMetrics);
    }

    synchronized double failedThreads() {
        maybeRescan();
        return failedThreadsBefore + sum(failedThreadMetrics);
    }

    private void maybeRescan() {
        if (!scanned || System.nanoTime() - scannedAtNanos > RESCAN_INTERVAL_NANOS) {
            rescan();
        }
    }

    private void rescan() {
        scanned = true;
        scannedAtNanos = System.nanoTime();
        List<Metric> producerRetries = new ArrayList<>();
        List<Metric> failedThreads = new ArrayList<>();
        if (current != null) {
            for (Map.Entry<MetricName, ? extends Metric> entry : current.metrics().entrySet()) {
                MetricName metric = entry.getKey();
                if (metric.group().equals(PRODUCER_GROUP) && metric.name().equals(PRODUCER_RETRIES)) {
                    producerRetries.add(entry.getValue());
                } else if (metric.group().equals(STREAMS_GROUP) && metric.name().equals(FAILED_THREADS)) {
                    failedThreads.add(entry.getValue());
                }
            }
        }
        producerRetryMetrics = List.copyOf(producerRetries);
        failedThreadMetrics = List.copyOf(failedThreads);
    }

    private static double sum(List<Metric> metrics) {
        double total = 0;
        for (Metric metric : metrics) {
            if (metric.metricValue() instanceof Number value && Double.isFinite(value.doubleValue())) {
                total += value.doubleValue();
            }
        }
        return total;
    }
}
