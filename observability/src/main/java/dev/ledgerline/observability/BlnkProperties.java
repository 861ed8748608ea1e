package dev.ledgerline.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code blnk.*} properties as the services use them. {@link BlnkConfigEnvironmentPostProcessor}
 * fills them from {@code BLNK_*} variables and {@code blnk.json}; a test or a command line may set
 * them directly ({@code --blnk.enable-observability=true}), which wins.
 *
 * @param enableObservability registers {@code /metrics}
 * @param monitoringDsn       {@code https://<write-key>@<host>/<project-id>}; empty when unset
 * @param server              Blnk's {@code server.*} keys
 */
@ConfigurationProperties("blnk")
public record BlnkProperties(
        @DefaultValue("false") boolean enableObservability,
        @DefaultValue("") String monitoringDsn,
        @DefaultValue Server server) {

    /**
     * @param secure             secure mode: without a bearer token, {@code /metrics} and {@code /monitoring} answer 403
     * @param secretKey          the master API key ({@code X-Blnk-Key}); never accepted by {@code /metrics}
     * @param metricsBearerToken when set, {@code /metrics} and {@code /monitoring} need {@code Authorization: Bearer <token>}
     */
    public record Server(
            @DefaultValue("false") boolean secure,
            @DefaultValue("") String secretKey,
            @DefaultValue("") String metricsBearerToken) {
    }
}
