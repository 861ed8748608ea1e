package dev.ledgerline.observability.queues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads how far a consumer group is behind on some topics, per partition, the way Kafka itself
 * defines it: the {@code read_committed} end offset (last stable offset) minus the group's committed
 * offset. Then, for every partition that is behind, it peeks at the first waiting record with a
 * {@code read_committed} consumer of its own (no group, nothing committed) to learn its timestamp, i.e.
 * how long the oldest item has been waiting.
 *
 * <p>Exactly-once writers leave a commit marker after each transaction, and markers take an offset
 * each (so do records of aborted transactions, which {@code read_committed} readers skip). So the offset
 * distance overstates the work: a group that has read everything may still be one marker short of the
 * end. The peek therefore reads the waiting range and counts the readable records, up to
 * {@value #EXACT_COUNT_LIMIT} per partition: small queues (and an empty one) are exact. Beyond that
 * the offset distance from the first waiting record is reported, an upper bound that also counts the
 * markers in between (at most one per producer transaction).
 *
 * <p>Not thread-safe (it owns one KafkaConsumer); {@link BacklogMonitor} calls it from one thread.
 */
public final class ConsumerGroupBacklogReader implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    /** Topics' partitions and their earliest offsets change rarely (topics are created once, kept forever): re-read this often. */
    private static final long TOPOLOGY_REFRESH_NANOS = Duration.ofSeconds(30).toNanos();

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> peeker;
    /** Per set of topics asked about: their partitions and earliest offsets, and when they were read. */
    private final Map<Set<String>, Topology> topologies = new HashMap<>();
    private Set<TopicPartition> assigned = Set.of();

    private record Topology(List<TopicPartition> partitions, Map<TopicPartition, Long> start, long readAtNanos) {
    }
    private final Duration peekTimeout;
    private final int exactCountLimit;

    public ConsumerGroupBacklogReader(String bootstrapServers, Duration peekTimeout) {
        this(bootstrapServers, peekTimeout, EXACT_COUNT_LIMIT);
    }

    /**
     * @param exactCountLimit records counted per partition before the offset distance is reported instead; 1 reads
     *                        only the first waiting record (its age), for callers that measure often
     */
    public ConsumerGroupBacklogReader(String bootstrapServers, Duration peekTimeout, int exactCountLimit) {
        this.peekTimeout = peekTimeout;
        this.exactCountLimit = Math.max(1, exactCountLimit);
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "ledgerline-queue-views-admin-" + UUID.randomUUID());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        this.admin = Admin.create(adminProps);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // unique: several readers may share a JVM (integration tests) and their client MBeans
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-queue-views-peek-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only the first record per partition is needed: keep fetches small
        // (a reader of first records only asks for the least: Kafka still returns a whole first batch)
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, this.exactCountLimit == 1 ? 1024 : 32 * 1024);
        consumerProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.peeker = new KafkaConsumer<>(consumerProps);
    }

    /** The group's backlog on every partition of those {@code topics} that exist. */
    public GroupBacklog read(String groupId, Collection<String> topics) {
        try {
            Topology topology = topologyOf(topics);
            List<TopicPartition> partitions = topology.partitions();
            Map<TopicPartition, Long> start = topology.start();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());

            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = committed.get(tp);
                long position = Math.max(offset == null ? -1 : offset.offset(), start.get(tp));
                if (position < end.get(tp)) {
                    from.put(tp, position);
                }
            }
            Map<TopicPartition, Waiting> waiting = peekWaiting(from, end);

            List<PartitionBacklog> rows = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = committed.get(tp);
                long endOffset = end.get(tp);
                long backlog = 0;
                long oldestMs = -1;
                Long position = from.get(tp);
                if (position != null) {
                    Waiting found = waiting.get(tp);
                    if (found == null) {
                        backlog = endOffset - position; // peek ran out of time: offset distance, age unknown
                    } else if (found.firstOffset >= 0) {
                        backlog = found.exactCount >= 0 ? found.exactCount : endOffset - found.firstOffset;
                        oldestMs = found.firstTimestampMs;
                    }
                }
                rows.add(new PartitionBacklog(tp.topic(), tp.partition(), endOffset,
                        offset == null ? -1 : offset.offset(), start.get(tp), backlog, oldestMs));
            }
            return new GroupBacklog(groupId, List.copyOf(rows), System.currentTimeMillis(), null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the backlog of group " + groupId + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("reading the backlog of group " + groupId + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The sum of {@code topic}'s {@code read_committed} end offsets: it grows by one per record written (and per
     * exactly-once commit marker), so its differences over time are a writer's output rate.
     */
    public long endOffsetTotal(String topic) {
        try {
            long total = 0;
            for (long end : offsets(topologyOf(List.of(topic)).partitions(), OffsetSpec.latest()).values()) {
                total += end;
            }
            return total;
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the end offsets of " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("reading the end offsets of " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The topics' partitions and earliest offsets, re-read when older than {@link #TOPOLOGY_REFRESH_NANOS}. The peek
     * consumer keeps one assignment over every partition asked about (paused between reads), so that measuring often
     * does not make the client re-create its per-partition metrics at every read.
     */
    private Topology topologyOf(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> key = Set.copyOf(topics);
        long now = System.nanoTime();
        Topology known = topologies.get(key);
        if (known != null && !known.partitions().isEmpty() && now - known.readAtNanos() < TOPOLOGY_REFRESH_NANOS) {
            return known;
        }
        List<TopicPartition> partitions = partitionsOf(topics);
        Topology topology = new Topology(List.copyOf(partitions), Map.copyOf(offsets(partitions, OffsetSpec.earliest())), now);
        topologies.put(key, topology);
        Set<TopicPartition> wanted = new HashSet<>();
        topologies.values().forEach(t -> wanted.addAll(t.partitions()));
        if (!wanted.equals(assigned)) {
            peeker.assign(wanted);
            peeker.pause(wanted);
            assigned = Set.copyOf(wanted);
        }
        return topology;
    }

    /** Counting stops here; beyond it the offset distance from the first waiting record is reported. */
    // Every view refreshes every few seconds under load; counting further showed in the processor's profile.
    private static final int EXACT_COUNT_LIMIT = 100;

    /**
     * What waits on one partition: the first readable record's offset and timestamp ({@code -1} when the
     * range holds none), and the exact number of readable records when it was counted to the end.
     */
    private static final class Waiting {
        long firstOffset = -1;
        long firstTimestampMs = -1;
        long exactCount = -1;
        long seen;
    }

    /**
     * Reads each partition from {@code from} towards {@code end} with the {@code read_committed} peek
     * consumer: the first record gives the oldest age; records are counted up to the exact-count limit
     * ({@value #EXACT_COUNT_LIMIT} by default), so small queues are exact (markers and aborted records excluded).
     * A partition missing from the result was not settled within the peek timeout.
     */
    private Map<TopicPartition, Waiting> peekWaiting(Map<TopicPartition, Long> from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Waiting> result = new HashMap<>();
        if (from.isEmpty()) {
            return result;
        }
        from.forEach(peeker::seek);
        peeker.resume(from.keySet());
        Map<TopicPartition, Waiting> open = new HashMap<>();
        from.keySet().forEach(tp -> open.put(tp, new Waiting()));
        long deadline = System.nanoTime() + peekTimeout.toNanos();
        try {
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : peeker.poll(Duration.ofMillis(100))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Waiting waiting = open.get(tp);
                    if (waiting == null || record.offset() >= end.get(tp)) {
                        continue;
                    }
                    if (waiting.firstOffset < 0) {
                        waiting.firstOffset = record.offset();
                        waiting.firstTimestampMs = record.timestamp();
                    }
                    waiting.seen++;
                }
                for (TopicPartition tp : List.copyOf(open.keySet())) {
                    Waiting waiting = open.get(tp);
                    boolean atEnd = peeker.position(tp, Duration.ofSeconds(1)) >= end.get(tp);
                    if (atEnd) {
                        waiting.exactCount = waiting.seen;
                    }
                    if (atEnd || waiting.seen >= exactCountLimit) {
                        result.put(tp, open.remove(tp));
                        peeker.pause(List.of(tp));
                    }
                }
            }
        } finally {
            peeker.pause(from.keySet());
        }
        return result;
    }

    private List<TopicPartition> partitionsOf(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<String> wanted = topics.stream().filter(existing::contains).toList();
        if (wanted.isEmpty()) {
            return partitions;
        }
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(wanted).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            descriptions.values().forEach(d -> d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Calls still pending at close are given up on after a second: a stop must not wait for a broker that is away. */
    @Override
    public void close() {
        peeker.close(Duration.ofSeconds(1));
        admin.close(Duration.ofSeconds(1));
    }
}
