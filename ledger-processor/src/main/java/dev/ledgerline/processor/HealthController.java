package dev.ledgerline.processor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Blnk's worker health: {@code {"status":"UP","service":"worker"}}, or 503 with the reason. */
@RestController
public class HealthController {

    private final LedgerStreams streams;

    public HealthController(LedgerStreams streams) {
        this.streams = streams;
    }

    @GetMapping("/health")
    public ResponseEntity<Map<String, String>> health() {
        String reason = streams.unhealthyReason();
        Map<String, String> body = new LinkedHashMap<>();
        if (reason == null) {
            body.put("status", "UP");
            body.put("service", "worker");
            return ResponseEntity.ok(body);
        }
        body.put("status", "DOWN");
        body.put("reason", reason);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
