package dev.ledgerline.projection.snapshots;

import java.time.Instant;

/** Where a snapshot run stands: {@code NEVER} before the first one. */
public record SnapshotStatus(State state, Instant snapshotAt, int batchSize, long balancesRead, long snapshotsWritten,
                             Instant completedAt, String error) {

    public enum State { NEVER, RUNNING, COMPLETED, FAILED }

    static final SnapshotStatus NEVER = new SnapshotStatus(State.NEVER, null, 0, 0, 0, null, null);

    static SnapshotStatus running(Instant at, int batchSize) {
        return new SnapshotStatus(State.RUNNING, at, batchSize, 0, 0, null, null);
    }

    SnapshotStatus progressed(long read, long written) {
        return new SnapshotStatus(state, snapshotAt, batchSize, balancesRead + read, snapshotsWritten + written, null,
                null);
    }

    SnapshotStatus completed(Instant at) {
        return new SnapshotStatus(State.COMPLETED, snapshotAt, batchSize, balancesRead, snapshotsWritten, at, null);
    }

    SnapshotStatus failed(Instant at, String reason) {
        return new SnapshotStatus(State.FAILED, snapshotAt, batchSize, balancesRead, snapshotsWritten, at, reason);
    }
}
