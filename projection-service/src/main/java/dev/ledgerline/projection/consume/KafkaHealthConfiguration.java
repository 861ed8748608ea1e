package dev.ledgerline.projection.consume;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ledgerline.observability.health.KafkaHealthProbe;

/**
 * The projection's "can I reach Kafka?" probe for {@code GET /health}: a live consumer thread alone does
 * not say, because it keeps polling (and retrying) while the broker is gone.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaHealthConfiguration {

    @Bean
    KafkaHealthProbe kafkaHealthProbe(ConsumerSettings settings) {
        return new KafkaHealthProbe(settings.bootstrapServers(), "projection-service-health");
    }
}
