package dev.ledgerline.processor.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ledgerline.observability.monitoring.MonitoringPage;
import dev.ledgerline.observability.monitoring.MonitoringView;
import dev.ledgerline.observability.monitoring.OwnMeters;
import dev.ledgerline.observability.queues.BacklogMonitor;
import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.observability.queues.MeterReading;
import dev.ledgerline.processor.ProcessorProperties;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the worker's {@code /monitoring} page shows (Blnk's asynqmon, for Kafka): its queues (the
 * processor group's backlog per partition of its input topics) and its own meters ({@code blnk.*},
 * {@code ledgerline.*}) with per-second rates over the last minute. The backlog and the rate samples
 * are refreshed on one background thread ({@code ledgerline.processor.monitoring-refresh-ms}, default
 * 2 s); a page view only reads.
 */
@Component
public class WorkerMonitoring implements MonitoringView, SmartLifecycle {

    static final String QUEUES = "processor";

    private static final List<Section> SECTIONS = List.of(
            new Section("Throughput", "transaction records written, by status and currency",
                    n -> n.equals("blnk.transaction")),
            new Section("Processing time", "seconds per record / per transaction (mean and recent max)",
                    n -> n.startsWith("blnk.queue.processing") || n.startsWith("blnk.transaction.duration")
                            || n.startsWith("ledgerline.accept.to.applied") || n.startsWith("blnk.transaction.batch")),
            new Section("Rejections by reason", "REJECTED records, by Blnk reason",
                    n -> n.equals("blnk.transaction.rejected")),
            new Section("Retries", "work the worker had to repeat, by reason",
                    n -> n.startsWith("blnk.worker.retries")),
            new Section("Inflight commits and voids", "holds settled",
                    n -> n.startsWith("blnk.inflight.")),
            new Section("Hash chain", "per partition: heads not yet sealed, last seal, age of the oldest unsealed head",
                    n -> n.startsWith("blnk.chain.")));

    private final OwnMeters meters;
    private final BacklogMonitor monitor;
    private volatile boolean running;

    public WorkerMonitoring(ProcessorProperties properties, MeterRegistry registry,
                            @Value("${ledgerline.processor.monitoring-refresh-ms:2000}") long refreshMs) {
        this.meters = new OwnMeters(registry, List.of("blnk.", "ledgerline."));
        this.monitor = new BacklogMonitor(properties.bootstrapServers(),
                List.of(new BacklogMonitor.Watch(QUEUES, properties.applicationId(), Topics.PROCESSOR_INPUTS)),
                Duration.ofMillis(refreshMs));
        monitor.onRefresh(m -> meters.sample());
    }

    @Override
    public String title() {
        return "Ledgerline worker";
    }

    /** The processor's queues as of the last refresh. */
    public GroupBacklog processorQueues() {
        return monitor.latest(QUEUES);
    }

    @Override
    public List<Queue> queues() {
        return List.of(new Queue("queues", "Queues", "Records on the processor's input topics that it has not "
                + "processed yet.", processorQueues()));
    }

    @Override
    public List<Section> sections() {
        return SECTIONS;
    }

    @Override
    public List<MeterReading> meters() {
        return meters.read();
    }

    @Override
    public double rate(MeterReading reading) {
        return meters.rate(reading);
    }

    @Override
    public Duration refreshInterval() {
        return monitor.interval();
    }

    /** Everything the page shows, as JSON ({@code GET /monitoring/api/summary}). */
    public Map<String, Object> summary() {
        return MonitoringPage.summary(this, "worker");
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
