package dev.ledgerline.processor.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.observability.queues.BacklogJson;
import dev.ledgerline.observability.queues.BacklogMonitor;
import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.observability.queues.MeterReading;
import dev.ledgerline.observability.queues.RateTracker;
import dev.ledgerline.processor.ProcessorProperties;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the worker's {@code /monitoring} page shows (Blnk's asynqmon, for Kafka): its queues (the
 * processor group's backlog per partition of its input topics) and its own meters ({@code blnk.*},
 * {@code ledgerline.*}) with per-second rates over the last minute. The backlog and the rate samples
 * are refreshed on one background thread ({@code ledgerline.processor.monitoring-refresh-ms}, default
 * 2 s); a page view only reads.
 */
@Component
public class WorkerMonitoring implements SmartLifecycle {

    static final String QUEUES = "processor";
    private static final List<String> PREFIXES = List.of("blnk.", "ledgerline.");

    private final MeterRegistry registry;
    private final BacklogMonitor monitor;
    private final RateTracker rates = new RateTracker(60_000);
    private volatile boolean running;

    public WorkerMonitoring(ProcessorProperties properties, MeterRegistry registry,
                            @Value("${ledgerline.processor.monitoring-refresh-ms:2000}") long refreshMs) {
        this.registry = registry;
        this.monitor = new BacklogMonitor(properties.bootstrapServers(),
                List.of(new BacklogMonitor.Watch(QUEUES, properties.applicationId(), Topics.PROCESSOR_INPUTS)),
                Duration.ofMillis(refreshMs));
        monitor.onRefresh(m -> sampleRates());
    }

    /** The processor's queues as of the last refresh. */
    public GroupBacklog queues() {
        return monitor.latest(QUEUES);
    }

    public Duration refreshInterval() {
        return monitor.interval();
    }

    /** The worker's own Ledgerline and Blnk meters, ordered by name and tags. */
    public List<MeterReading> meters() {
        List<MeterReading> readings = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (isOwn(name)) {
                MeterReading reading = MeterReading.of(meter);
                if (reading != null) {
                    readings.add(reading);
                }
            }
        }
        readings.sort(Comparator.comparing(MeterReading::name).thenComparing(r -> r.tags().toString()));
        return readings;
    }

    // A plain loop: this runs for every meter of the registry (Kafka's included) on every refresh, and a
    // stream per meter showed in the processor's profile.
    private static boolean isOwn(String meterName) {
        for (String prefix : PREFIXES) {
            if (meterName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Events per second of a counting meter over the last minute (NaN until two samples exist). */
    public double rate(MeterReading reading) {
        return rates.ratePerSecond(reading.key());
    }

    /** Everything the page shows, as JSON ({@code GET /monitoring/api/summary}). */
    public Map<String, Object> summary() {
        long now = System.currentTimeMillis();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("service", "worker");
        json.put("generated_at_ms", now);
        json.put("refresh_interval_ms", refreshInterval().toMillis());
        json.put("queues", BacklogJson.of(queues(), now));
        List<Map<String, Object>> meters = new ArrayList<>();
        for (MeterReading reading : meters()) {
            meters.add(reading.toJson(rate(reading)));
        }
        json.put("meters", meters);
        return json;
    }

    private void sampleRates() {
        long now = System.currentTimeMillis();
        for (MeterReading reading : meters()) {
            if (!Double.isNaN(reading.count())) {
                rates.sample(reading.key(), reading.count(), now);
            }
        }
    }

    @Override
    public void start() {
        monitor.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        monitor.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
