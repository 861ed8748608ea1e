package dev.ledgerline.projection.consume;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where the read model's consumer spends its time, batch by batch, so that a growing projection lag can be traced to
 * one of three causes: the batches are small (records per batch), PostgreSQL is slow (a batch's write outlasts the
 * poll and decoding of the next one, so the consumer waits for it) or the events come slowly (the consumer waits in
 * polls with no write under way, for records the processor has not committed yet).
 */
final class BatchMeters {

    private final DistributionSummary records;
    private final Timer write;
    private final Timer writeWait;
    private final Timer idlePoll;

    BatchMeters(MeterRegistry meters) {
        this.records = DistributionSummary.builder("ledgerline.projection.batch.records")
                .description("event records written to PostgreSQL in one database transaction")
                .register(meters);
        this.write = Timer.builder("ledgerline.projection.batch.write")
                .description("from a batch's database transaction starting to its commit")
                .register(meters);
        this.writeWait = Timer.builder("ledgerline.projection.batch.write.wait")
                .description("time the consumer thread waited for a batch's write after polling and decoding the next")
                .register(meters);
        this.idlePoll = Timer.builder("ledgerline.projection.poll.idle")
                .description("time the consumer thread spent polling with no write under way (waiting for events)")
                .register(meters);
    }

    /** A poll taken while no write was under way lasted {@code nanos}. */
    void idlePoll(long nanos) {
        idlePoll.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A batch's database transaction committed {@code nanos} after it started (recorded on the database client's
     * thread).
     */
    void writeTook(long nanos) {
        write.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A batch of {@code count} records was written; the consumer thread waited {@code waitedNanos} for it. */
    void written(int count, long waitedNanos) {
        records.record(count);
        writeWait.record(waitedNanos, TimeUnit.NANOSECONDS);
    }
}
