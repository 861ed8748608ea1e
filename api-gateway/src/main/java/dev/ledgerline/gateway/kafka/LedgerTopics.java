package dev.ledgerline.gateway.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.schemas.TopicSetup;

/**
 * Creates any missing Ledgerline topic when the gateway starts. The publisher and the reply
 * listener depend on this bean, because both look up partitions of these topics at startup.
 */
@Component
public class LedgerTopics {

    private static final Logger log = LoggerFactory.getLogger(LedgerTopics.class);

    public LedgerTopics(GatewayProperties properties) {
        String bootstrap = properties.kafka().bootstrapServers();
        int partitions = properties.topics().partitions();
        TopicSetup.ensureTopics(bootstrap, partitions, properties.topics().replicationFactor(),
                properties.topics().minInsyncReplicas());
        log.info("Kafka topics present on {} ({} partitions for new ones)", bootstrap, partitions);
    }
}
