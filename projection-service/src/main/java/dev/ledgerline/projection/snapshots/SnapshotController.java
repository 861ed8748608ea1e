package dev.ledgerline.projection.snapshots;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.projection.http.ApiException;
import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.projection.http.Paging;
import dev.ledgerline.projection.store.BalanceSnapshot;
import dev.ledgerline.projection.store.BalanceSnapshots;
import reactor.core.publisher.Mono;

/**
 * {@code POST /balances-snapshots?batch_size=} (Blnk: starts a run, answers at once), {@code GET /balances-snapshots}
 * (the last run's outcome, a Ledgerline extension) and {@code GET /balances/{id}/snapshots} (a balance's snapshots,
 * newest first, a Ledgerline extension).
 */
@RestController
public class SnapshotController {

    static final int DEFAULT_BATCH_SIZE = 1000;
    /** One statement per batch: a larger batch is read as this many (Blnk sets no bound). */
    static final int MAX_BATCH_SIZE = 10_000;
    static final String STARTED = "Snapshotting in progress. should be completed shortly";

    private final SnapshotRun run;
    private final BalanceSnapshots snapshots;

    public SnapshotController(SnapshotRun run, BalanceSnapshots snapshots) {
        this.run = run;
        this.snapshots = snapshots;
    }

    @PostMapping("/balances-snapshots")
    public Map<String, Object> start(@RequestParam(name = "batch_size", required = false) String batchSize) {
        SnapshotStatus status = run.start(batchSize(batchSize));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", STARTED);
        answer.put("snapshot_at", BlnkTime.format(status.snapshotAt()));
        return answer;
    }

    @GetMapping("/balances-snapshots")
    public Map<String, Object> last() {
        SnapshotStatus status = run.last();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status.state().name());
        answer.put("snapshot_at", status.snapshotAt() == null ? null : BlnkTime.format(status.snapshotAt()));
        answer.put("batch_size", status.batchSize());
        answer.put("balances_read", status.balancesRead());
        answer.put("snapshots_written", status.snapshotsWritten());
        answer.put("completed_at", status.completedAt() == null ? null : BlnkTime.format(status.completedAt()));
        answer.put("error", status.error());
        return answer;
    }

    @GetMapping("/balances/{id}/snapshots")
    public Mono<List<Map<String, Object>>> ofBalance(@PathVariable("id") String id,
                                                     @RequestParam(name = "limit", required = false) String limit,
                                                     @RequestParam(name = "offset", required = false) String offset) {
        Paging paging = Paging.parse(limit, offset, 20);
        return snapshots.of(id, paging.limit(), paging.offset()).map(SnapshotController::json).collectList();
    }

    /** Blnk: absent = 1000; not a whole number above zero = 400 "invalid batch_size value". */
    static int batchSize(String text) {
        if (text == null) {
            return DEFAULT_BATCH_SIZE;
        }
        String digits = text.strip();
        if (!digits.matches("[0-9]+") || digits.chars().allMatch(c -> c == '0')) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "GEN_BAD_REQUEST", "invalid batch_size value");
        }
        String significant = digits.replaceFirst("^0+", "");
        return significant.length() > 5 ? MAX_BATCH_SIZE : Math.min(Integer.parseInt(significant), MAX_BATCH_SIZE);
    }

    private static Map<String, Object> json(BalanceSnapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("balance_id", snapshot.balanceId());
        json.put("snapshot_at", BlnkTime.format(snapshot.snapshotAt()));
        json.put("currency", snapshot.currency());
        json.put("balance", snapshot.balance());
        json.put("credit_balance", snapshot.creditBalance());
        json.put("debit_balance", snapshot.debitBalance());
        json.put("entries", snapshot.entries());
        json.put("through_version", snapshot.throughVersion());
        json.put("through_hash", snapshot.throughHash());
        json.put("created_at", BlnkTime.format(snapshot.createdAt()));
        return json;
    }
}
