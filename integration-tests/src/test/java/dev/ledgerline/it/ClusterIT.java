package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;

/**
 * Ledgerline on a Kafka cluster of three brokers, configured as the README tells users to
 * (LEDGERLINE_TOPICS_REPLICATION_FACTOR=3, LEDGERLINE_TOPICS_MIN_INSYNC_REPLICAS=2): every topic the services
 * create and every state changelog of the processor has three replicas, and when one broker stops for good in the
 * middle of the traffic, every transfer accepted before and after it is applied, exactly once, with the right
 * balances.
 */
class ClusterIT {

    private static KafkaCluster.ThreeBrokers cluster;
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStackOnThreeBrokers() throws Exception {
        stack = LedgerlineStack.get(List.of("--LEDGERLINE_TOPICS_REPLICATION_FACTOR=3",
                "--LEDGERLINE_TOPICS_MIN_INSYNC_REPLICAS=2"), () -> {
                    try {
                        cluster = new KafkaCluster.ThreeBrokers();
                        return cluster;
                    } catch (Exception e) {
                        throw new IllegalStateException("three-broker cluster did not start", e);
                    }
                });
        ledger = new Ledger(stack);
    }

    @AfterAll
    static void stopStack() {
        LedgerlineStack.stop();
    }

    @Test
    void every_topic_has_three_replicas_and_transfers_go_on_when_a_broker_is_lost() throws Exception {
        // Given two balances and a first round of transfers
        String alice = ledger.fundedBalance("100000");
        String bob = ledger.createBalance(ledger.createLedger("bobs"), "USD");
        String run = UUID.randomUUID().toString();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            references.add(pay(run + "-before-" + i, alice, bob));
        }
        references.forEach(ledger::awaitOutcome);

        // Then every Ledgerline topic and changelog is on three brokers and needs two of them for a write
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith("ledger.") || t.endsWith("-changelog")).collect(Collectors.toSet());
            assertThat(topics).contains("ledger.transaction-commands", "ledger.balance-commands", "ledger.entries",
                    "ledger.transactions", "ledger.seals", "ledger.replies");
            assertThat(topics).anyMatch(t -> t.endsWith("-changelog"));
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> assertThat(p.replicas()).as("replicas of %s-%d", topic.name(),
                        p.partition()).hasSize(3));
            }
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get();
            configs.forEach((topic, config) -> assertThat(config.get("min.insync.replicas").value())
                    .as("min.insync.replicas of %s", topic.name()).isEqualTo("2"));
        }

        // When one broker stops for good, and transfers go on
        cluster.stopBroker(1);
        for (int i = 0; i < 10; i++) {
            references.add(pay(run + "-after-" + i, alice, bob));
        }

        // Then all twenty are applied exactly once and the balances are exact
        for (String reference : references) {
            // clients move to the partitions' new leaders first: allow more than the usual projection wait
            Response outcome = Http.await(ledger.url("/transactions/reference/" + reference + "_q"),
                    r -> r.status() == 200, Duration.ofSeconds(120));
            assertThat(outcome.status()).as("outcome of %s: %s", reference, outcome.raw()).isEqualTo(200);
            assertThat(outcome.body().get("status").asString()).as(reference).isEqualTo("APPLIED");
        }
        assertThat(ledger.awaitBalance(bob, new BigInteger("2000"))).isEqualTo(new BigInteger("2000"));
        assertThat(ledger.awaitBalance(alice, new BigInteger("98000"))).isEqualTo(new BigInteger("98000"));
    }

    private static String pay(String reference, String source, String destination) {
        Response accepted = ledger.postTransaction(reference, source, destination, "100", false);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
        return reference;
    }
}
