package dev.ledgerline.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Ledgerline's Blnk-compatible HTTP front door: validates writes and turns them into Kafka
 * commands, forwards reads to projection-service. Port: {@code server.port}, default 5001
 * ({@code BLNK_SERVER_PORT} honoured through api-gateway.yml).
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    /** Config file name, distinct per service so all three can share one classpath (integration tests). */
    public static final String CONFIG_NAME = "spring.config.name=api-gateway";

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayApplication.class).properties(CONFIG_NAME).run(args);
    }
}
