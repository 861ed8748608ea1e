package dev.ledgerline.projection.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.observability.monitoring.MonitoringPage;

/**
 * projection-service's delivery dashboard on its port (5005): {@code GET /monitoring} (HTML, reloads itself;
 * {@code ?refresh=N} seconds, default 5) and {@code GET /monitoring/api/summary} (the same data as JSON). Access rules
 * are those of {@code /metrics}, applied by the observability module to {@code /monitoring} and everything below it.
 */
@RestController
public class MonitoringController {

    private final ProjectionMonitoring monitoring;

    public MonitoringController(ProjectionMonitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GetMapping(path = {"/monitoring", "/monitoring/"}, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(name = "refresh", defaultValue = "5") int refreshSeconds) {
        int refresh = Math.max(1, Math.min(refreshSeconds, 3600));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").body(MonitoringPage.render(monitoring, refresh));
    }

    @GetMapping(path = "/monitoring/api/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> summary() {
        return monitoring.summary();
    }
}
