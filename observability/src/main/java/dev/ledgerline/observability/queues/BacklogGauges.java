package dev.ledgerline.observability.queues;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Exports a {@link GroupBacklog} as gauges tagged {@code topic} and {@code partition}: one gauge of
 * records waiting and one of the oldest waiting record's age, plus an optional untagged gauge of the
 * oldest age over all partitions. The partition rows are registered after every refresh, so a
 * partition that appears later is exported too.
 */
public final class BacklogGauges {

    private final Supplier<GroupBacklog> backlog;
    private final MultiGauge records;
    private final MultiGauge ages;

    /**
     * @param recordsName  e.g. {@code ledgerline.queue.depth} (Prometheus {@code ledgerline_queue_depth})
     * @param ageName      e.g. {@code ledgerline.queue.oldest.age.seconds}, or null for none per partition
     * @param maxAgeName   e.g. {@code ledgerline.projection.lag.seconds}, or null for none over all partitions
     */
    public BacklogGauges(MeterRegistry registry, Supplier<GroupBacklog> backlog, String recordsName,
                         String recordsDescription, String ageName, String ageDescription,
                         String maxAgeName, String maxAgeDescription) {
        this.backlog = backlog;
        this.records = MultiGauge.builder(recordsName).description(recordsDescription).register(registry);
        this.ages = ageName == null ? null
                : MultiGauge.builder(ageName).description(ageDescription).register(registry);
        if (maxAgeName != null) {
            Gauge.builder(maxAgeName, backlog, b -> b.get().oldestAgeSeconds(System.currentTimeMillis()))
                    .description(maxAgeDescription).register(registry);
        }
        update();
    }

    /** Registers a row per partition of the latest backlog; values are read from the latest backlog at scrape time. */
    public void update() {
        List<MultiGauge.Row<?>> recordRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        for (PartitionBacklog row : backlog.get().partitions()) {
            Tags tags = Tags.of("topic", row.topic(), "partition", Integer.toString(row.partition()));
            recordRows.add(MultiGauge.Row.of(tags, this, g -> g.current(row).backlog()));
            ageRows.add(MultiGauge.Row.of(tags, this, g -> g.current(row).oldestAgeSeconds(System.currentTimeMillis())));
        }
        // Rows already registered are kept (their value is looked up at scrape time), not removed and registered
        // again: replacing them on every refresh raced with a concurrent scrape, which then saw one partition twice
        // (Prometheus: "Duplicate labels"). Rows of partitions that are gone are still removed.
        records.register(recordRows, false);
        if (ages != null) {
            ages.register(ageRows, false);
        }
    }

    /** The row of the same partition in the latest backlog (the given one when it is gone). */
    private PartitionBacklog current(PartitionBacklog row) {
        for (PartitionBacklog now : backlog.get().partitions()) {
            if (now.partition() == row.partition() && now.topic().equals(row.topic())) {
                return now;
            }
        }
        return row;
    }
}
