package dev.ledgerline.projection.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ledgerline.observability.health.KafkaHealthProbe;
import dev.ledgerline.projection.consume.ProjectionConsumer;
import dev.ledgerline.projection.queues.QueueViews;
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
 *
 * <p>When this instance delivers webhooks or hook calls, a {@code webhooks} list gives each delivery lane's state
 * ({@link DeliveriesHealth}); a lane that is retrying or dead-lettering makes the answer 200 {@code DEGRADED} (the
 * projection's own reasons first), never {@code DOWN}: a receiver being down is not this service being down.
 */
@RestController
public class HealthController {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(3);

    private final DatabasePing database;
    private final ProjectionConsumer consumer;
    private final KafkaHealthProbe kafka;
    private final QueueViews deliveries;

    public HealthController(DatabasePing database, ProjectionConsumer consumer, KafkaHealthProbe kafka,
                            QueueViews deliveries) {
        this.database = database;
        this.consumer = consumer;
        this.kafka = kafka;
        this.deliveries = deliveries;
    }

    @GetMapping("/health")
    public Mono<ResponseEntity<Map<String, Object>>> health() {
        if (!consumer.isAlive()) {
            return Mono.just(down("projection consumer is not running"));
        }
        Mono<ResponseEntity<Map<String, Object>>> kafkaStatus = Mono.fromCallable(kafka::check)
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
    private ResponseEntity<Map<String, Object>> up() {
        long now = System.currentTimeMillis();
        String retrying = consumer.lastFailure();
        DeliveriesHealth lanes = DeliveriesHealth.of(deliveries == null ? List.of() : deliveries.laneBacklogs(), now);
        String reason = retrying != null ? "applying events fails and is being retried: " + retrying
                : consumer.deadLetters().degradedReason(now).or(lanes::degradedReason).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reason == null ? "UP" : "DEGRADED");
        if (reason != null) {
            body.put("reason", reason);
        }
        if (!lanes.lanes().isEmpty()) {
            body.put("webhooks", lanes.lanes());
        }
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, Object>> down(String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("reason", reason);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
