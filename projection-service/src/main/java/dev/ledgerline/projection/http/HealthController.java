package dev.ledgerline.projection.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ledgerline.observability.health.KafkaHealthProbe;
import dev.ledgerline.projection.consume.ProjectionConsumer;
import dev.ledgerline.projection.store.DatabasePing;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blnk's {@code GET /health}: the consumer thread must be alive, PostgreSQL must answer within 3 s and
 * Kafka within 2 s; otherwise 503 with the first reason found. When all three hold but events cannot be
 * applied (retrying) or a record was set aside recently, 200 {@code DEGRADED} with the reason.
 */
@RestController
public class HealthController {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(3);

    private final DatabasePing database;
    private final ProjectionConsumer consumer;
    private final KafkaHealthProbe kafka;

    public HealthController(DatabasePing database, ProjectionConsumer consumer, KafkaHealthProbe kafka) {
        this.database = database;
        this.consumer = consumer;
        this.kafka = kafka;
    }

    @GetMapping("/health")
    public Mono<ResponseEntity<Map<String, String>>> health() {
        if (!consumer.isAlive()) {
            return Mono.just(down("projection consumer is not running"));
        }
        Mono<ResponseEntity<Map<String, String>>> kafkaStatus = Mono.fromCallable(kafka::check)
                .subscribeOn(Schedulers.boundedElastic()) // the probe blocks up to ~2 s
                .map(status -> status.up() ? up() : down(status.reason()));
        return database.ping()
                .timeout(DATABASE_TIMEOUT)
                .flatMap(ignored -> kafkaStatus)
                .onErrorResume(e -> Mono.just(down("database unreachable: " + e.getClass().getSimpleName())));
    }

    /**
     * UP, or DEGRADED (still 200: it serves reads and goes on consuming) while a record cannot be applied and
     * is being retried, or after a record was set aside into the dead-letter topic.
     */
    private ResponseEntity<Map<String, String>> up() {
        String retrying = consumer.lastFailure();
        String reason = retrying != null ? "applying events fails and is being retried: " + retrying
                : consumer.deadLetters().degradedReason(System.currentTimeMillis()).orElse(null);
        if (reason == null) {
            return ResponseEntity.ok(Map.of("status", "UP"));
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "DEGRADED");
        body.put("reason", reason);
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, String>> down(String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("reason", reason);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
