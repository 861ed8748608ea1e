package dev.ledgerline.processor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.ledgerline.core.RejectionReason;

/** The processor's counters, named after Blnk's catalogue (Prometheus adds the {@code _total} suffix). */
public final class ProcessorMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> transactionCounters = new ConcurrentHashMap<>();
    private final Map<RejectionReason, Counter> rejectionCounters =
            new ConcurrentHashMap<>();
    private final Counter balancesCreated;
    private final Counter malformedCommands;
    private final Counter inflightCommits;
    private final Counter inflightVoids;

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.balancesCreated = Counter.builder("blnk.balance.created").description("Balances created").register(registry);
        this.malformedCommands = Counter.builder("ledgerline.commands.malformed")
                .description("Commands that could not be decoded and were skipped").register(registry);
        this.inflightCommits = Counter.builder("blnk.inflight.commit").description("Inflight commits applied")
                .register(registry);
        this.inflightVoids = Counter.builder("blnk.inflight.void").description("Inflight voids applied")
                .register(registry);
    }

    /** Counted for every record on the hot path: the counters are looked up once per label set, not rebuilt. */
    void transaction(String status, String currency) {
        transactionCounters.computeIfAbsent(status + "|" + currency, key -> Counter.builder("blnk.transaction")
                .description("Transaction records by status").tag("status", status).tag("currency", currency)
                .register(registry)).increment();
    }

    void rejected(RejectionReason reason) {
        rejectionCounters.computeIfAbsent(reason, r -> Counter.builder("blnk.transaction.rejected")
                .description("Rejected transactions by reason").tag("reason", r.metricReason())
                .register(registry)).increment();
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
}
