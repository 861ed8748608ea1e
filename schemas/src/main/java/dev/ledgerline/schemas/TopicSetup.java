package dev.ledgerline.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every Ledgerline topic that is missing, with the same partition count for all (so the
 * processor's stages are co-partitioned). Idempotent and safe to run from several services at once.
 */
public final class TopicSetup {

    public static final int DEFAULT_PARTITIONS = 6;
    private static final long REPLIES_RETENTION_MS = 3_600_000L;
    /**
     * A bulk batch of up to 10,000 items (or a large split) is ONE command record, so it is durable all-or-nothing;
     * the command topic accepts records up to this size (the gateway's producer allows the same).
     */
    public static final int MAX_COMMAND_BYTES = 16 * 1024 * 1024;
    /** A dead letter: the largest command, uncompressed, with room for the headers that say why it was set aside. */
    public static final int MAX_DEAD_LETTER_BYTES = MAX_COMMAND_BYTES + 1024 * 1024;

    /**
     * How long closing an admin client waits for its calls still pending. Kafka's default close waits until each
     * pending call's own timeout (up to a minute) has passed; while the broker was away, that kept a service's
     * stop waiting for half a minute and more. Every call here is awaited (or given up on) before the client closes.
     */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(1);

    private TopicSetup() {
    }

    /** An admin client closed with {@link #CLOSE_WAIT}. */
    private record BoundedAdmin(Admin admin) implements AutoCloseable {
        @Override
        public void close() {
            admin.close(CLOSE_WAIT);
        }
    }

    /** The Ledgerline topics that do not exist (yet) on the cluster at {@code bootstrapServers}. */
    public static List<String> missingTopics(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (BoundedAdmin client = new BoundedAdmin(Admin.create(props))) {
            Admin admin = client.admin();
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return Topics.ALL.stream().filter(topic -> !existing.contains(topic)).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list Kafka topics on " + bootstrapServers, e);
        }
    }

    /**
     * Waits until every Ledgerline topic exists. ledger-processor is the one service that creates topics (so their
     * partitions and replication are set in one place); the gateway and the projection wait for them.
     */
    public static void awaitTopics(String bootstrapServers, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> missing = List.of();
        RuntimeException lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                missing = missingTopics(bootstrapServers);
                if (missing.isEmpty()) {
                    return;
                }
            } catch (IllegalStateException e) {
                lastFailure = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics", e);
            }
        }
        throw new IllegalStateException("Ledgerline topics " + (missing.isEmpty() ? "could not be listed" : missing
                + " do not exist") + " on " + bootstrapServers + " after " + timeout.toSeconds()
                + " s: ledger-processor creates them; start it first", lastFailure);
    }

    /**
     * The partition count shared by the processor's input topics ({@link Topics#PROCESSOR_INPUTS}). They must be
     * co-partitioned: a balance's commands and a transaction's commands go to the partition of their key, and the
     * processor writes several of one partition's commands as one record.
     *
     * @throws IllegalStateException when they differ (topics created by hand, or partitions added to only some)
     */
    public static int processorPartitions(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (BoundedAdmin client = new BoundedAdmin(Admin.create(props))) {
            Admin admin = client.admin();
            Map<String, Integer> counts = partitionCounts(admin, Topics.PROCESSOR_INPUTS);
            if (new java.util.HashSet<>(counts.values()).size() != 1) {
                throw new IllegalStateException("the processor's input topics must have one partition count, found "
                        + counts);
            }
            return counts.values().iterator().next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not describe Kafka topics on " + bootstrapServers, e);
        }
    }

    /** The partition count of each of {@code topics} (all must exist). */
    private static Map<String, Integer> partitionCounts(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                .forEach((topic, description) -> counts.put(topic, description.partitions().size()));
        return counts;
    }

    /** As {@link #ensureTopics(String, int, short, int)} with {@code min.insync.replicas} 1 (a one-broker cluster). */
    public static void ensureTopics(String bootstrapServers, int partitions, short replicationFactor) {
        ensureTopics(bootstrapServers, partitions, replicationFactor, 1);
    }

    /**
     * Creates every missing Ledgerline topic with {@code partitions}, {@code replicationFactor} and
     * {@code min.insync.replicas} (with producers on {@code acks=all}, a write is durable on that many replicas
     * before it is acknowledged). Existing topics keep their partitions and replication, and once the processor's
     * input topics exist their partition count wins over {@code partitions} for the missing ones (a topic added by a
     * later version, or a stack restarted with another setting, stays co-partitioned with the ledger's topics).
     */
    public static void ensureTopics(String bootstrapServers, int partitions, short replicationFactor,
                                    int minInsyncReplicas) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (BoundedAdmin client = new BoundedAdmin(Admin.create(props))) {
            Admin admin = client.admin();
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> inputs = Topics.PROCESSOR_INPUTS.stream().filter(existing::contains).toList();
            // asked only when something is missing: a restart of a complete stack costs no extra request
            int count = existing.containsAll(Topics.ALL) || inputs.isEmpty() ? partitions
                    : partitionCounts(admin, inputs.subList(0, 1)).values().iterator().next();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    Map<String, String> configs = new java.util.HashMap<>(configFor(topic));
                    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
                    missing.add(new NewTopic(topic, count, replicationFactor).configs(configs));
                }
            }
            for (var result : admin.createTopics(missing).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            // Topics made by an older version keep their configs: raise the command size limit on them too.
            ConfigResource commands = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRANSACTION_COMMANDS);
            ConfigResource deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEAD_LETTERS);
            admin.incrementalAlterConfigs(Map.of(
                    commands, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(MAX_COMMAND_BYTES)), AlterConfigOp.OpType.SET)),
                    deadLetters, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(MAX_DEAD_LETTER_BYTES)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create Kafka topics on " + bootstrapServers, e);
        }
    }

    private static Map<String, String> configFor(String topic) {
        if (Topics.REPLIES.equals(topic)) {
            return Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(REPLIES_RETENTION_MS));
        }
        if (Topics.API_KEYS.equals(topic) || Topics.HOOKS.equals(topic) || Topics.IDENTITIES.equals(topic)
                || Topics.ACCOUNTS.equals(topic) || Topics.TRANSACTION_METADATA.equals(topic)
                || Topics.WEBHOOK_SUBSCRIPTIONS.equals(topic)) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        // The event log is the system of record: never delete by time or size.
        if (Topics.TRANSACTION_COMMANDS.equals(topic)) {
            return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_COMMAND_BYTES));
        }
        if (Topics.DEAD_LETTERS.equals(topic)) {
            // a dead letter is a copy of any input record plus its headers, written uncompressed by the processor
            return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_DEAD_LETTER_BYTES));
        }
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }
}
