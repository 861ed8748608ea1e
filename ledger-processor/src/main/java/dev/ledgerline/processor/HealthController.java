package dev.ledgerline.processor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.observability.health.KafkaHealthProbe;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blnk's worker health: exactly {@code {"status":"UP","service":"worker"}} when the streams client
 * runs and Kafka answers, otherwise 503 {@code {"status":"DOWN","reason":...}}. After a record was set aside
 * into the dead-letter topic, 200 {@code {"status":"DEGRADED","service":"worker","reason":...}} for an hour.
 */
@RestController
public class HealthController {

    private final LedgerStreams streams;
    private final KafkaHealthProbe kafka;

    public HealthController(LedgerStreams streams, KafkaHealthProbe kafka) {
        this.streams = streams;
        this.kafka = kafka;
    }

    @GetMapping("/health")
    public Mono<ResponseEntity<Map<String, String>>> health() {
        String reason = streams.unhealthyReason();
        if (reason != null) {
            return Mono.just(down(reason));
        }
        return Mono.fromCallable(kafka::check)
                .subscribeOn(Schedulers.boundedElastic()) // the probe blocks up to ~2 s
                .map(status -> status.up() ? up() : down(status.reason()));
    }

    private ResponseEntity<Map<String, String>> up() {
        return streams.deadLetters().degradedReason(System.currentTimeMillis())
                .map(HealthController::degraded)
                .orElseGet(HealthController::healthy);
    }

    /** Still processing (200), but it set a record aside recently: someone should look. */
    private static ResponseEntity<Map<String, String>> degraded(String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "DEGRADED");
        body.put("service", "worker");
        body.put("reason", reason);
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, String>> healthy() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("service", "worker");
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, String>> down(String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("reason", reason);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
