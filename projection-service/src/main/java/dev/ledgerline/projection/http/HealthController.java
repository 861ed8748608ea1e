package dev.ledgerline.projection.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ledgerline.projection.consume.ProjectionConsumer;
import dev.ledgerline.projection.store.DatabasePing;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Blnk's {@code GET /health}: PostgreSQL must answer within 3 s and the consumer thread must be alive. */
@RestController
public class HealthController {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(3);

    private final DatabasePing database;
    private final ProjectionConsumer consumer;

    public HealthController(DatabasePing database, ProjectionConsumer consumer) {
        this.database = database;
        this.consumer = consumer;
    }

    @GetMapping("/health")
    public Mono<ResponseEntity<Map<String, String>>> health() {
        if (!consumer.isAlive()) {
            return Mono.just(down("projection consumer is not running"));
        }
        return database.ping()
                .timeout(DATABASE_TIMEOUT)
                .map(ignored -> ResponseEntity.ok(Map.of("status", "UP")))
                .onErrorResume(e -> Mono.just(down("database unreachable: " + e.getClass().getSimpleName())));
    }

    private static ResponseEntity<Map<String, String>> down(String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("reason", reason);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
