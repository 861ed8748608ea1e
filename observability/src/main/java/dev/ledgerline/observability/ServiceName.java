package dev.ledgerline.observability;

import org.springframework.core.env.Environment;

/**
 * The name a service reports in the {@code service} tag of every metric and the {@code service} field of
 * every log line: {@code api-gateway}, {@code worker} or {@code projection}, set by
 * {@value #PROPERTY} in each service's config file (falls back to {@code spring.application.name}).
 */
public final class ServiceName {

    public static final String PROPERTY = "ledgerline.service-name";

    private ServiceName() {
    }

    public static String of(Environment environment) {
        String name = environment.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            name = environment.getProperty("spring.application.name", "ledgerline");
        }
        return name;
    }
}
