package dev.ledgerline.gateway.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.schemas.TopicSetup;

/**
 * Waits, when the gateway starts, until ledger-processor (the one owner of topic creation) has created every
 * Ledgerline topic. The publisher and the reply listener depend on this bean, because both look up partitions of
 * these topics at startup.
 */
@Component
public class LedgerTopics {

    private static final Logger log = LoggerFactory.getLogger(LedgerTopics.class);

    public LedgerTopics(GatewayProperties properties) {
        String bootstrap = properties.kafka().bootstrapServers();
        TopicSetup.awaitTopics(bootstrap, properties.topics().awaitTimeout());
        log.info("Kafka topics present on {}", bootstrap);
    }
}
