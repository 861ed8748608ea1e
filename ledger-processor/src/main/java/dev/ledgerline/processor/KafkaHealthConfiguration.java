package dev.ledgerline.processor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ledgerline.observability.health.KafkaHealthProbe;

/**
 * The worker's "can I reach Kafka?" probe for {@code GET /health}. Kafka Streams alone does not say:
 * its client stays RUNNING while the broker is gone and keeps retrying.
 */
@Configuration(proxyBeanMethods = false)
class KafkaHealthConfiguration {

    @Bean
    KafkaHealthProbe kafkaHealthProbe(ProcessorProperties properties) {
        return new KafkaHealthProbe(properties.bootstrapServers(), "ledger-processor-health");
    }
}
