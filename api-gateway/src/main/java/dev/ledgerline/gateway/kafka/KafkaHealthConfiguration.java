package dev.ledgerline.gateway.kafka;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.observability.health.KafkaHealthProbe;

/** The gateway's "can I reach Kafka?" probe for {@code GET /health} (the same probe all three services use). */
@Configuration(proxyBeanMethods = false)
public class KafkaHealthConfiguration {

    @Bean
    KafkaHealthProbe kafkaHealthProbe(GatewayProperties properties) {
        return new KafkaHealthProbe(properties.kafka().bootstrapServers(), "api-gateway-health");
    }
}
