package dev.ledgerline.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Ledgerline's Blnk-compatible HTTP front door: validates writes and turns them into Kafka
 * commands, forwards reads to projection-service. Port: {@code server.port}, default 5001
 * ({@code BLNK_SERVER_PORT} honoured through application.yml).
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
