package dev.ledgerline.observability.tracing;

import java.util.Map;

/**
 * The name each service reports as {@code service.name} (and as the metrics' {@code service} tag): Blnk
 * users know the processor as the "worker".
 */
public final class ServiceNames {

    private static final Map<String, String> BY_APPLICATION = Map.of(
            "api-gateway", "api-gateway",
            "ledger-processor", "worker",
            "projection-service", "projection");

    private ServiceNames() {
    }

    /** The service name for {@code spring.application.name}; unknown applications keep their own name. */
    public static String forApplication(String applicationName) {
        if (applicationName == null || applicationName.isBlank()) {
            return "ledgerline";
        }
        return BY_APPLICATION.getOrDefault(applicationName, applicationName);
    }
}
