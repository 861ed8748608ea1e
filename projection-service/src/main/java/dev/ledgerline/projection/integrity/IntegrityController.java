package dev.ledgerline.projection.integrity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.http.ApiException;
import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.projection.http.Paging;
import dev.ledgerline.projection.store.SealQueries;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /integrity/seals} (stored seals) and {@code GET /integrity/verify} (re-check the log from offset zero, streaming). */
@RestController
public class IntegrityController {

    private final SealQueries seals;
    private final EventLog log;
    private final ProjectionView projection;
    private final Verifier verifier = new Verifier(Duration.ofSeconds(10));

    private final LogScanGate scans;
    private final io.r2dbc.spi.ConnectionFactory connections;
    private final VerifyCheckpoint.Store checkpoints;

    public IntegrityController(SealQueries seals, ConsumerSettings settings, DatabaseClient db, LogScanGate scans) {
        this.seals = seals;
        this.scans = scans;
        this.log = new KafkaEventLog(settings.bootstrapServers(), Duration.ofSeconds(120));
        this.projection = new R2dbcProjectionView(db);
        this.connections = db.getConnectionFactory();
        this.checkpoints = new R2dbcVerifyCheckpoints(db);
    }

    public record SealJson(
            @JsonProperty("partition") int partition,
            @JsonProperty("seq") long seq,
            @JsonProperty("heads") @JsonRawValue String heads,
            @JsonProperty("prev_seal_hash") String prevSealHash,
            @JsonProperty("seal_hash") String sealHash,
            @JsonProperty("sealed_at") String sealedAt) {
    }

    @GetMapping("/integrity/seals")
    public Mono<List<SealJson>> seals(@RequestParam Map<String, String> params) {
        for (String key : params.keySet()) {
            if (!List.of("partition", "limit", "offset").contains(key)) {
                throw ApiException.validation("unknown query parameter '" + key + "'");
            }
        }
        Paging paging = Paging.parse(params.get("limit"), params.get("offset"), 20);
        Integer partition = null;
        if (params.get("partition") != null) {
            try {
                partition = Integer.parseInt(params.get("partition").strip());
            } catch (NumberFormatException e) {
                throw ApiException.validation("partition must be an integer");
            }
        }
        return seals.list(partition, paging.limit(), paging.offset())
                .map(s -> new SealJson(s.partition(), s.seq(), s.headsJson(), s.prevSealHash(), s.sealHash(),
                        BlnkTime.format(s.sealedAt())))
                .collectList();
    }

    /** Blocking work (a Kafka read from offset zero, JDBC-like waits) runs off the event loop, one scan at a time. */
    @GetMapping("/integrity/verify")
    public Mono<VerifyReport> verify(@RequestParam(name = "balance_id", required = false) String balanceId,
                                     @RequestParam(name = "full", required = false) String fullParam) {
        boolean full = parseFull(fullParam);
        String only = balanceId == null || balanceId.isBlank() ? null : balanceId.strip();
        return scans.runAlone(() -> Mono.fromCallable(() -> {
                    // this instance's gate first (cheap), then the lock every instance and dev/verify.sh share
                    try (VerificationLock lock = VerificationLock.tryAcquire(connections)
                            .orElseThrow(() -> ApiException.rateLimited(VerificationLock.BUSY));
                         EventLog.Reading reading = log.open()) {
                        return verifier.verify(reading, projection, only, checkpoints, full);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic()));
    }

    /** {@code full=true} re-checks the whole log instead of starting from the last valid run's checkpoint. */
    private static boolean parseFull(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.validation("full must be true or false");
    }
}
