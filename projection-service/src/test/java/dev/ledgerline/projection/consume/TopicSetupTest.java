package dev.ledgerline.projection.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;

/** Topics are created with the configured partitions, replication and min.insync.replicas, whoever creates them. */
class TopicSetupTest {

    /** A check against a broker of its own, started empty and stopped afterwards. */
    private interface BrokerCheck {
        void run(String bootstrapServers, Admin admin) throws Exception;
    }

    private static void onFreshBroker(BrokerCheck check) throws Exception {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        try (Admin admin = Admin.create(config)) {
            check.run(kafka.getBrokersAsString(), admin);
        } finally {
            kafka.destroy();
        }
    }

    @Test
    void everyTopicGetsTheConfiguredReplicationSettings() throws Exception {
        onFreshBroker((bootstrap, admin) -> {
            // When the topics are created with 3 partitions, one replica (one broker) and min.insync.replicas 2
            TopicSetup.ensureTopics(bootstrap, 3, (short) 1, 2);

            // Then every Ledgerline topic has them, beside its own settings
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            assertThat(topics).containsOnlyKeys(Topics.ALL);
            assertThat(topics.values()).allSatisfy(topic -> {
                assertThat(topic.partitions()).hasSize(3);
                assertThat(topic.partitions().get(0).replicas()).hasSize(1);
            });
            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            assertThat(configs.values()).allSatisfy(topic ->
                    assertThat(topic.get("min.insync.replicas").value()).isEqualTo("2"));
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.API_KEYS))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.HOOKS))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.IDENTITIES))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACCOUNTS))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            // the webhook dead letters and redelivery requests are kept for ever, like the events they repeat
            for (String webhookTopic : List.of(Topics.WEBHOOK_DEAD_LETTERS, Topics.WEBHOOK_REDELIVERIES)) {
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, webhookTopic))
                        .get("retention.ms").value()).isEqualTo("-1");
            }
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEAD_LETTERS))
                    .get("max.message.bytes").value()).isEqualTo(Integer.toString(TopicSetup.MAX_DEAD_LETTER_BYTES));
        });
    }

    @Test
    void missingTopicsTakeThePartitionCountOfTheLedgerThatExists() throws Exception {
        onFreshBroker((bootstrap, admin) -> {
            // Given a ledger whose transaction commands already have 3 partitions (the other topics are missing, as
            // a topic added by a later version would be)
            admin.createTopics(List.of(new NewTopic(Topics.TRANSACTION_COMMANDS, 3, (short) 1))).all().get();

            // When the topics are ensured with another partition count
            TopicSetup.ensureTopics(bootstrap, 6, (short) 1, 1);

            // Then every topic has the ledger's 3, so the processor's inputs stay co-partitioned
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
            assertThat(TopicSetup.processorPartitions(bootstrap)).isEqualTo(3);
        });
    }
}
