package dev.ledgerline.processor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.DestinationCheck;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * The processor's meters, named after Blnk's catalogue (Prometheus adds {@code _total} to counters and
 * {@code _seconds} to timers); docs/METRICS.md says where each is counted. Counted when a stage
 * processes a record: if a Kafka transaction aborts and its input is processed again, it is counted again.
 */
public final class ProcessorMetrics {

    /** Blnk's OpenTelemetry default histogram bounds (0 to 10 s), so dashboards written for Blnk keep their buckets. */
    private static final Duration[] BLNK_DURATION_BUCKETS = millis(5, 10, 25, 50, 75, 100, 250, 500, 750, 1_000, 2_500,
            5_000, 7_500, 10_000);
    /** Finer at the low end, where a skip_queue transfer lands (tens of ms), and long enough for a backlog. */
    private static final Duration[] ACCEPT_TO_APPLIED_BUCKETS = millis(2, 5, 10, 20, 35, 50, 75, 100, 150, 250, 500, 1_000,
            2_000, 5_000, 10_000, 30_000, 60_000, 300_000);
    /** One record at one stage: sub-millisecond when healthy, so the low buckets are fine. */
    private static final Duration[] PROCESSING_BUCKETS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    private final Map<String, Counter> transactionCounters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<RejectionReason, Counter> rejectionCounters =
            new ConcurrentHashMap<>();
    private final Counter balancesCreated;
    private final Counter malformedCommands;
    private final Counter inflightCommits;
    private final Counter inflightVoids;
    private final Counter destinationKnown;
    private final Counter destinationChecked;
    private final Counter internalCommandsLocal;
    private final Counter internalCommandsTopic;
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Timer acceptToApplied;

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.balancesCreated = Counter.builder("blnk.balance.created").description("Balances created").register(registry);
        this.malformedCommands = Counter.builder("ledgerline.commands.malformed")
                .description("Commands that could not be decoded and were skipped").register(registry);
        this.inflightCommits = Counter.builder("blnk.inflight.commit").description("Inflight commits applied")
                .register(registry);
        this.inflightVoids = Counter.builder("blnk.inflight.void").description("Inflight voids applied")
                .register(registry);
        this.destinationKnown = Counter.builder("ledgerline.transfer.first.leg").tag("route", "debit_now")
                .description("Transfers whose source debited at once: the destination had already passed its check")
                .register(registry);
        this.destinationChecked = Counter.builder("ledgerline.transfer.first.leg").tag("route", "check_destination_first")
                .description("Transfers sent to the destination for its check before the source debits")
                .register(registry);
        this.internalCommandsLocal = Counter.builder("ledgerline.internal.commands").tag("route", "local")
                .description("Internal commands for the sending task's own partition, run by that task at once")
                .register(registry);
        this.internalCommandsTopic = Counter.builder("ledgerline.internal.commands").tag("route", "topic")
                .description("Internal commands for another partition, written to their topic")
                .register(registry);
        this.acceptToApplied = Timer.builder("ledgerline.accept.to.applied")
                .description("From the gateway accepting a transaction to its APPLIED or INFLIGHT record being written")
                .serviceLevelObjectives(ACCEPT_TO_APPLIED_BUCKETS).register(registry);
    }

    /** Internal commands (legs, outcomes, commands for other coordinators) by where they went. */
    void internalCommands(boolean local, int count) {
        (local ? internalCommandsLocal : internalCommandsTopic).increment(count);
    }

    /** Counted for every record on the hot path: the counters are looked up once per label set, not rebuilt. */
    void transaction(TransactionStatus status, String currency) {
        transactionCounters.computeIfAbsent(status.name() + "|" + currency, key -> Counter.builder("blnk.transaction")
                .description("Transaction records by status").tag("status", status.name()).tag("currency", currency)
                .register(registry)).increment();
    }

    /**
     * A transaction's first decision (APPLIED, INFLIGHT or REJECTED): counted like {@link #transaction} and
     * timed from its acceptance at the gateway ({@code created_at}, or its {@code scheduled_for} when later)
     * into {@code blnk_transaction_duration_seconds{status}}, and, when applied, into
     * {@code ledgerline_accept_to_applied_seconds}. Commits and voids are not timed: their legs do not
     * carry the action's acceptance time.
     */
    void outcome(TransactionStatus status, TransactionSpec spec) {
        transaction(status, spec.getCurrency());
        long startMs = spec.getCreatedAtMs();
        if (spec.getScheduledForMs() != null && !spec.getSkipQueue()) {
            startMs = Math.max(startMs, spec.getScheduledForMs());
        }
        Duration elapsed = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startMs));
        durations.computeIfAbsent(status.name(), s -> Timer.builder("blnk.transaction.duration")
                .description("From acceptance at the gateway to the transaction's first decision, by status")
                .tag("status", s).serviceLevelObjectives(BLNK_DURATION_BUCKETS).register(registry)).record(elapsed);
        if (status != TransactionStatus.REJECTED) {
            acceptToApplied.record(elapsed);
        }
    }

    /** {@code blnk_transaction_batch_size{kind}}: legs of each split ({@code kind=split}) or bulk batch ({@code bulk}) started. */
    void batchSize(String kind, int legs) {
        batchSizes.computeIfAbsent(kind, k -> DistributionSummary.builder("blnk.transaction.batch.size")
                .description("Legs per split or bulk batch").tag("kind", k)
                .serviceLevelObjectives(1, 2, 5, 10, 100, 1_000, 10_000).register(registry)).record(legs);
    }

    /**
     * {@code blnk_transaction_rejected_total{reason,code}}: {@code reason} is Blnk's label value, mapped in
     * one place ({@link RejectionReason#metricReason()}), {@code code} our stable reason name.
     */
    void rejected(RejectionReason reason) {
        rejectionCounters.computeIfAbsent(reason, r -> Counter.builder("blnk.transaction.rejected")
                .description("Rejected transactions by reason").tag("reason", r.metricReason()).tag("code", r.name())
                .register(registry)).increment();
    }

    /** {@code blnk_queue_processing_duration_seconds{stage,result}}: one stage's handling of one input record. */
    StageTimer stageTimer(String stage) {
        return new StageTimer(processingTimer(stage, "success"), processingTimer(stage, "error"));
    }

    private Timer processingTimer(String stage, String result) {
        return Timer.builder("blnk.queue.processing.duration")
                .description("Time a processor stage took to handle one input record")
                .tag("stage", stage).tag("result", result).serviceLevelObjectives(PROCESSING_BUCKETS).register(registry);
    }

    record StageTimer(Timer success, Timer error) {
        void record(boolean succeeded, long nanos) {
            (succeeded ? success : error).record(Duration.ofNanos(nanos));
        }
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }

    void holdSettled(boolean commit) {
        (commit ? inflightCommits : inflightVoids).increment();
    }

    void balanceCreated() {
        balancesCreated.increment();
    }

    /**
     * The seal status of one partition's balance-worker task, exported as gauges tagged
     * {@code partition}: {@code blnk_chain_backlog} (balances whose head is not sealed yet),
     * {@code blnk_chain_head_seq} (seq of the partition's last seal) and {@code blnk_chain_lag_seconds}
     * (age of the oldest unsealed head, 0 when none). Registered when the task starts here, removed
     * when it closes (the partition may move to another instance).
     */
    ChainStatus chainStatus(int partition) {
        return chains.compute(partition, (p, existing) -> {
            if (existing != null) {
                existing.close();
            }
            return new ChainStatus(p);
        });
    }

    private final ConcurrentMap<Integer, ChainStatus> chains = new ConcurrentHashMap<>();

    final class ChainStatus {
        private final int partition;
        private final List<Meter> meters;
        private volatile long headSeq;
        private volatile long backlog;
        private volatile long oldestUnsealedMs;

        private ChainStatus(int partition) {
            this.partition = partition;
            String tag = Integer.toString(partition);
            this.meters = List.of(
                    Gauge.builder("blnk.chain.backlog", this, s -> s.backlog)
                            .description("Chain heads written but not yet sealed").tag("partition", tag)
                            .register(registry),
                    Gauge.builder("blnk.chain.head.seq", this, s -> s.headSeq)
                            .description("Sequence number of the partition's last seal").tag("partition", tag)
                            .register(registry),
                    Gauge.builder("blnk.chain.lag.seconds", this, ChainStatus::lagSeconds)
                            .description("Age of the oldest unsealed chain head (0 when all are sealed)")
                            .tag("partition", tag).register(registry));
        }

        synchronized void update(long seq, long pending, long oldestMs) {
            headSeq = seq;
            backlog = pending;
            oldestUnsealedMs = oldestMs;
        }

        synchronized void headAdded(long atMs) {
            if (backlog == 0 || atMs < oldestUnsealedMs) {
                oldestUnsealedMs = atMs;
            }
            backlog++;
        }

        double lagSeconds() {
            long oldest = oldestUnsealedMs;
            return backlog == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
        }

        void close() {
            chains.remove(partition, this);
            meters.forEach(registry::remove);
        }
    }

    void malformed() {
        malformedCommands.increment();
    }

    void firstLeg(DestinationCheck.Route route) {
        (route == DestinationCheck.Route.DEBIT_NOW ? destinationKnown : destinationChecked).increment();
    }
}
