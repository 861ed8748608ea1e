package dev.ledgerline.projection.hooks;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each hook's last call ({@code hook_runs}): when it ran and whether it succeeded, Blnk's {@code last_run} and
 * {@code last_success}. Written only here, keyed by hook id, and only forward in time, so an older attempt never
 * overwrites a newer one; deleted with the hook. The hook's definition is never written back (Blnk writes the whole
 * hook as it was when the call was queued, which reverts updates and revives deleted hooks).
 */
@Component
public class HookRuns {

    private static final Logger log = LoggerFactory.getLogger(HookRuns.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One hook's last call. */
    public record Run(Instant lastRun, boolean lastSuccess) {
    }

    private final DatabaseClient db;

    public HookRuns(DatabaseClient db) {
        this.db = db;
    }

    /** Records an attempt (blocking: called from a hook's delivery thread); a failure is logged, not thrown. */
    void record(String hookId, Instant at, boolean success) {
        try {
            db.sql("INSERT INTO hook_runs (hook_id, last_run, last_success) VALUES (:id, :at, :success) "
                            + "ON CONFLICT (hook_id) DO UPDATE SET last_run = EXCLUDED.last_run, "
                            + "last_success = EXCLUDED.last_success WHERE hook_runs.last_run <= EXCLUDED.last_run")
                    .bind("id", hookId).bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .bind("success", success)
                    .fetch().rowsUpdated().block(TIMEOUT);
        } catch (RuntimeException e) {
            // last_run is informational: a database outage must not hold the hook's calls
            log.warn("could not record the last run of hook {}: {}", hookId, e.toString());
        }
    }

    /** Forgets a deleted hook's runs (blocking; called once its delivery stopped). */
    void forget(String hookId) {
        try {
            db.sql("DELETE FROM hook_runs WHERE hook_id = :id").bind("id", hookId).fetch().rowsUpdated()
                    .block(TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("could not forget the runs of deleted hook {}: {}", hookId, e.toString());
        }
    }

    public Mono<Optional<Run>> find(String hookId) {
        return db.sql("SELECT last_run, last_success FROM hook_runs WHERE hook_id = :id")
                .bind("id", hookId)
                .map(row -> new Run(row.get("last_run", OffsetDateTime.class).toInstant(),
                        Boolean.TRUE.equals(row.get("last_success", Boolean.class))))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }
}
