package dev.ledgerline.observability.tracing.probe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A minimal WebFlux service with the observability module's auto-configuration, standing in for one of
 * Ledgerline's services in export tests: {@code GET /probe} counts {@code blnk.probe} and logs a line
 * full of secrets (the caller's key header and the configured DSN), which export must redact.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ExportProbeApplication.ProbeController.class)
public class ExportProbeApplication {

    @RestController
    static class ProbeController {

        private static final Logger log = LoggerFactory.getLogger(ProbeController.class);

        private final MeterRegistry meters;
        private final String dsn;

        ProbeController(MeterRegistry meters, org.springframework.core.env.Environment environment) {
            this.meters = meters;
            this.dsn = environment.getProperty("BLNK_MONITORING_DSN", "");
        }

        @GetMapping("/probe")
        String probe(@RequestHeader(name = "X-Blnk-Key", required = false) String apiKey) {
            meters.counter("blnk.probe").increment();
            log.info("probe served; X-Blnk-Key: {} Authorization: Bearer {} dsn {}", apiKey, apiKey, dsn);
            return "ok";
        }
    }
}
