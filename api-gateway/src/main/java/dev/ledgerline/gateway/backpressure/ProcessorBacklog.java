package dev.ledgerline.gateway.backpressure;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.observability.queues.ConsumerGroupBacklogReader;
import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.observability.queues.PartitionBacklog;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Measures the processor's backlog every check interval: per input partition, the records after what the processor's
 * consumer group has committed, and how long the first of them has waited, and from successive measurements how long a
 * command written now would wait ({@link QueueWaitEstimator}); and, every few checks, the projection's lag
 * (how long the oldest event it has not written to the read model has waited). The gate ({@link BacklogGate}) closes
 * when one partition's backlog, the oldest waiting record's age, the estimated wait or the projection's lag reaches its
 * limit. Between two checks the gate also counts what it lets in: a request is refused once the transfers written since
 * the last check, at the processor's decision rate, would take the estimated wait past its limit (a warm gateway
 * accepts bulk requests within milliseconds of a {@code Retry-After}, and each opening let in several checks' worth of
 * work). Measuring fails open (as Blnk's does): if the broker cannot answer, writes are not refused for
 * it, since the write itself will then fail or wait on the broker anyway.
 */
@Component
public class ProcessorBacklog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProcessorBacklog.class);
    private static final Duration PEEK_TIMEOUT = Duration.ofSeconds(1);
    /** The projection's lag limit is in tens of seconds: measuring it every fourth check is precise enough. */
    private static final int PROJECTION_EVERY = 4;
    /** How far back the processor's consumption rate is measured for the estimated wait. */
    private static final long RATE_WINDOW_MS = 10_000;

    private final GatewayProperties.Backpressure settings;
    private final ConsumerGroupBacklogReader reader;
    private final ConsumerGroupBacklogReader projectionReader;
    private final QueueWaitEstimator waits;
    private final EntryQueueTransfers transfers;
    /** transfers the processor decides per second, as last measured; 0 while unknown */
    private volatile double decidedPerSecond;
    private int checks;
    private final ScheduledExecutorService timer;
    private volatile BacklogGate gate = BacklogGate.OPEN;
    private volatile boolean failing;

    public ProcessorBacklog(GatewayProperties properties, MeterRegistry meters, EntryQueueTransfers transfers) {
        this.settings = properties.backpressure();
        this.waits = new QueueWaitEstimator(Topics.TRANSACTION_COMMANDS,
                Set.of(Topics.BALANCE_COMMANDS, Topics.TRANSACTION_OUTCOMES), RATE_WINDOW_MS, transfers);
        this.transfers = transfers;
        Gauge.builder("ledgerline.processor.backlog.records", () -> gate.largestBacklog())
                .description("largest backlog of one processor input partition (records not yet processed), as last measured")
                .register(meters);
        Gauge.builder("ledgerline.processor.backlog.oldest.age.seconds", () -> gate.oldestAgeSeconds())
                .description("how long the oldest record the processor has not processed has waited, as last measured")
                .register(meters);
        Gauge.builder("ledgerline.processor.backlog.estimated.wait.seconds", () -> gate.estimatedWaitSeconds())
                .description("how long a command written now would wait in the processor for its decision (transfers waiting or in progress ÷ the processor's recent rate, and the oldest transfer in progress), as last estimated")
                .register(meters);
        Gauge.builder("ledgerline.backpressure.projection.lag.seconds", () -> gate.projectionLagSeconds())
                .description("how long the oldest event the projection has not written to the read model has waited, as last measured")
                .register(meters);
        if (!settings.enabled()) {
            reader = null;
            projectionReader = null;
            timer = null;
            return;
        }
        // Only the first waiting record of each partition is read (its timestamp gives the age): cheap enough to run
        // every check interval.
        reader = new ConsumerGroupBacklogReader(properties.kafka().bootstrapServers(), PEEK_TIMEOUT, 1);
        projectionReader = settings.maxProjectionLag().isZero() ? null
                : new ConsumerGroupBacklogReader(properties.kafka().bootstrapServers(), PEEK_TIMEOUT, 1);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processor-backlog");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(50, settings.checkInterval().toMillis());
        timer.scheduleWithFixedDelay(this::measure, 0, every, TimeUnit.MILLISECONDS);
    }

    /** True while new transaction writes must be refused. */
    public boolean overLimit() {
        return gate.closed() || admittedPastTheWaitLimit();
    }

    /** What closed the gate, as last measured; the wait when it is open but what it let in since is at the limit. */
    public BacklogGate.Cause cause() {
        BacklogGate last = gate;
        return last.closed() ? last.cause() : BacklogGate.Cause.WAIT;
    }

    /** The wait last estimated plus what was written since, at the decision rate, reaches the wait limit. */
    private boolean admittedPastTheWaitLimit() {
        double limit = settings.maxEstimatedWait().toMillis() / 1000.0;
        double perSecond = decidedPerSecond;
        double writtenTransfers = transfers.writtenSinceTaken() / DecisionRate.RECORDS_PER_TRANSFER;
        return limit > 0 && perSecond > 0 && gate.estimatedWaitSeconds() + writtenTransfers / perSecond >= limit;
    }

    /** Seconds a refused client should wait before retrying. */
    public long retryAfterSeconds() {
        return Math.max(1, (settings.checkInterval().toMillis() + 999) / 1000);
    }

    synchronized void measure() {
        try {
            // taken before the read, so what it counts is in the partitions read (or decided already)
            long written = transfers.takeWritten();
            GroupBacklog backlog = reader.read(settings.processorGroupId(), Topics.PROCESSOR_INPUTS);
            long now = System.currentTimeMillis();
            long largest = backlog.partitions().stream().mapToLong(PartitionBacklog::backlog).max().orElse(0);
            double oldest = backlog.oldestAgeSeconds(now);
            double wait = waits.update(reader.endOffsetTotal(Topics.TRANSACTIONS), written, backlog.partitions(), now);
            decidedPerSecond = waits.decidedPerSecond();
            BacklogGate next = gate.next(largest, settings.maxBacklogRecords(), oldest,
                    settings.maxOldestAge().toMillis() / 1000.0)
                    .withEstimatedWait(wait, settings.maxEstimatedWait().toMillis() / 1000.0);
            if (projectionReader != null && checks++ % PROJECTION_EVERY == 0) {
                next = next.withProjectionLag(projectionLagSeconds(), settings.maxProjectionLag().toMillis() / 1000.0);
            }
            if (next.closed() != gate.closed()) {
                log.warn("backpressure {}: largest processor input backlog {} records (limit {}), oldest waiting {} s "
                                + "(limit {} s), estimated wait {} s (limit {} s), projection lag {} s (limit {} s)",
                        next.closed() ? "on (" + next.cause().label() + "), new transaction writes answer 503" : "off",
                        largest, settings.maxBacklogRecords(), Math.round(oldest), settings.maxOldestAge().toSeconds(),
                        String.format(Locale.ROOT, "%.1f", wait), settings.maxEstimatedWait().toSeconds(),
                        Math.round(next.projectionLagSeconds()), settings.maxProjectionLag().toSeconds());
            }
            gate = next;
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("could not measure the processor backlog; not refusing writes for it: {}", e.toString());
            }
            failing = true;
            gate = BacklogGate.OPEN;
        }
    }

    /** Fails open like the processor's measure: a projection that cannot be asked about does not refuse writes. */
    private double projectionLagSeconds() {
        try {
            return projectionReader.read(settings.projectionGroupId(), Topics.PROJECTION_INPUTS)
                    .oldestAgeSeconds(System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.debug("could not measure the projection's lag: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (reader != null) {
            synchronized (this) {
                reader.close();
                if (projectionReader != null) {
                    projectionReader.close();
                }
            }
        }
    }
}
