package dev.ledgerline.gateway.web;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.access.ApiKeyDirectory;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.observability.health.KafkaHealthProbe;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blnk's liveness string and health check; the gateway is healthy when it can reach Kafka and its API-key directory
 * is not failing (a gateway that cannot check API keys must not look healthy to a load balancer).
 */
@RestController
public class HealthController {

    private final KafkaHealthProbe kafka;
    private final ApiKeyDirectory apiKeys;

    public HealthController(KafkaHealthProbe kafka, ApiKeyDirectory apiKeys) {
        this.kafka = kafka;
        this.apiKeys = apiKeys;
    }

    @GetMapping("/")
    public ResponseEntity<String> root() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("\"server running...\"");
    }

    @GetMapping("/health")
    public Mono<ResponseEntity<String>> health() {
        return Mono.fromCallable(kafka::check)
                .subscribeOn(Schedulers.boundedElastic()) // the probe blocks up to ~2 s
                .map(status -> {
                    ObjectNode body = Json.object();
                    Optional<String> keysFailing = apiKeys.failure();
                    if (status.up() && keysFailing.isPresent()) {
                        body.put("status", "DOWN");
                        body.put("reason", "API key directory failing (" + keysFailing.get() + "), retrying");
                        return JsonResponses.of(HttpStatus.SERVICE_UNAVAILABLE, body);
                    }
                    if (status.up()) {
                        body.put("status", "UP");
                        return JsonResponses.of(HttpStatus.OK, body);
                    }
                    body.put("status", "DOWN");
                    body.put("reason", status.reason());
                    return JsonResponses.of(HttpStatus.SERVICE_UNAVAILABLE, body);
                });
    }
}
