package dev.ledgerline.it;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The Kafka that a {@link LedgerlineStack} runs on: one embedded KRaft broker, or a cluster of three. */
interface KafkaCluster {

    String bootstrapServers();

    void close();

    /** One broker that is also its controller: the transaction and offsets topics must accept one replica. */
    static KafkaCluster singleBroker() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6);
        kafka.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        return new KafkaCluster() {
            @Override
            public String bootstrapServers() {
                return kafka.getBrokersAsString();
            }

            @Override
            public void close() {
                kafka.destroy();
            }
        };
    }

    /**
     * Three brokers (ids 0, 1, 2) and one KRaft controller, in this JVM (Kafka's own test kit, real brokers on
     * real sockets). Every topic is created with three replicas and {@code min.insync.replicas} 2 by default, the
     * transaction and offsets topics too, so one broker can stop without losing or blocking anything. (Brokers
     * that are also controllers, as in the compose file, did not form a quorum in this test kit here.)
     */
    final class ThreeBrokers implements KafkaCluster {

        private final KafkaClusterTestKit kit;

        ThreeBrokers() throws Exception {
            TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false).setNumControllerNodes(1)
                    .setNumBrokerNodes(3).build();
            // values as text: the test kit passes them through unparsed, and some settings are shorts
            kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("num.partitions", "6")
                    .setConfigProp("default.replication.factor", "3")
                    .setConfigProp("min.insync.replicas", "2")
                    .setConfigProp("offsets.topic.replication.factor", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "3")
                    .setConfigProp("transaction.state.log.min.isr", "2")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        }

        @Override
        public String bootstrapServers() {
            return kit.bootstrapServers();
        }

        /** Stops one broker for good, as a crashed machine would (its replicas fall out of the ISR). */
        void stopBroker(int id) {
            kit.brokers().get(id).shutdown();
            kit.brokers().get(id).awaitShutdown();
        }

        @Override
        public void close() {
            try {
                kit.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the three-broker cluster", e);
            }
        }
    }
}
