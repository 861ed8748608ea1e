package dev.ledgerline.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.ledgerline.core.RejectionReason;

/** The processor's counters, named after Blnk's catalogue (Prometheus adds the {@code _total} suffix). */
public final class ProcessorMetrics {

    private final MeterRegistry registry;
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

    void transaction(String status, String currency) {
        Counter.builder("blnk.transaction").description("Transaction records by status")
                .tag("status", status).tag("currency", currency).register(registry).increment();
    }

    void rejected(RejectionReason reason) {
        Counter.builder("blnk.transaction.rejected").description("Rejected transactions by reason")
                .tag("reason", reason.metricReason()).register(registry).increment();
    }

    void holdSettled(boolean commit) {
        (commit ? inflightCommits : inflightVoids).increment();
    }

    void balanceCreated() {
        balancesCreated.increment();
    }

    void malformed() {
        malformedCommands.increment();
    }
}
