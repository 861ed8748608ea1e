package dev.ledgerline.projection.replay;

import java.time.Duration;
import java.util.ArrayList;
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

import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.consume.EventDecoder;
import dev.ledgerline.projection.consume.PoisonRecords;
import dev.ledgerline.projection.store.ProjectionSchema;
import dev.ledgerline.projection.store.ProjectionWriter;
import dev.ledgerline.schemas.Topics;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds the read model from offset zero into a fresh PostgreSQL schema and compares it with the
 * live one, table by table.
 *
 * <ol>
 *   <li>Capture the end offsets of {@code ledger.ledgers}, {@code ledger.entries} and
 *       {@code ledger.transactions} ({@code read_committed}: the last stable offsets).</li>
 *   <li>Create the schema, run {@code schema.sql} in it, and read every partition from the beginning
 *       up to its captured end offset with a consumer of its own (no group: {@code assign} +
 *       {@code seekToBeginning}), writing each poll with the live projection's
 *       {@link ProjectionWriter} and {@link EventDecoder}.</li>
 *   <li>Wait until the live projection's group ({@code ledgerline-projection}) has committed, on every
 *       partition, an offset past the last record the replay read there. The live consumer commits only
 *       after its database transaction, so from then on the live tables hold at least those records.</li>
 *   <li>Digest each table in both schemas: {@code md5} over every row's text ({@code row(...)::text}),
 *       ordered by primary key. All columns are compared, since every column is derived from the events
 *       only: {@code balances.updated_at} is the entry's {@code recorded_at_ms}, not the wall clock, and
 *       the entries' {@code topic_partition}/{@code topic_offset} are the record's own position.</li>
 * </ol>
 *
 * The comparison is exact only when nothing new is written meanwhile: records appended after the
 * captured end offsets reach the live tables but not the replay, and show up as DIFFERENT.
 */
public final class Replay {

    public static final List<String> TOPICS = Topics.PROJECTION_INPUTS;

    /** Table and the primary key that orders its digest. */
    public static final Map<String, String> TABLES = orderedTables();

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Replay.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

    private Replay() {
    }

    private static Map<String, String> orderedTables() {
        Map<String, String> tables = new java.util.LinkedHashMap<>();
        tables.put("ledgers", "ledger_id");
        tables.put("balances", "balance_id");
        tables.put("balance_entries", "balance_id, version");
        tables.put("transactions", "transaction_id");
        tables.put("seals", "partition, seq");
        tables.put("waiting_transactions", "transaction_id");
        tables.put("balance_monitors", "monitor_id");
        tables.put("identities", "identity_id");
        tables.put("accounts", "account_id");
        tables.put("transaction_metadata", "target_id");
        return java.util.Collections.unmodifiableMap(tables);
    }

    /** Where to read and write. {@code database} is the live database's options (its schema option is ignored). */
    public record Options(String bootstrapServers, ConnectionFactoryOptions database, String liveSchema,
                          String replaySchema, String liveGroup, Duration timeout) {

        public Options {
            ProjectionSchema.checked(liveSchema);
            ProjectionSchema.checked(replaySchema);
            if (liveSchema.equals(replaySchema)) {
                throw new IllegalArgumentException("the replay schema must differ from the live one");
            }
        }

        public static Options of(String bootstrapServers, ConnectionFactoryOptions database, String replaySchema) {
            return new Options(bootstrapServers, database, ProjectionSchema.DEFAULT, replaySchema,
                    ConsumerSettings.GROUP_ID, Duration.ofMinutes(5));
        }
    }

    public record TableDigest(String table, long liveRows, long replayRows, String liveDigest, String replayDigest) {
        public boolean identical() {
            return liveRows == replayRows && liveDigest.equals(replayDigest);
        }
    }

    public record Report(String replaySchema, Map<TopicPartition, Long> endOffsets, long records,
                         List<TableDigest> tables) {
        public boolean identical() {
            return tables.stream().allMatch(TableDigest::identical);
        }

        /** table, rows live, rows replay, digest live, digest replay, IDENTICAL/DIFFERENT. */
        public String format() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("%-16s %10s %12s  %-32s  %-32s  %s%n", "table", "rows live", "rows replay",
                    "digest live", "digest replay", "result"));
            for (TableDigest t : tables) {
                out.append(String.format("%-16s %10d %12d  %-32s  %-32s  %s%n", t.table(), t.liveRows(), t.replayRows(),
                        t.liveDigest(), t.replayDigest(), t.identical() ? "IDENTICAL" : "DIFFERENT"));
            }
            return out.toString();
        }
    }

    /** The whole command: capture, replay into {@code options.replaySchema()}, wait for live, compare. */
    public static Report run(Options options) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Map<TopicPartition, Long> end = endOffsets(options.bootstrapServers());
        ConnectionFactory live = connections(options.database(), null);
        if (schemaExists(live, options.replaySchema())) {
            throw new IllegalStateException("schema " + options.replaySchema() + " already exists; replay needs a fresh one");
        }
        ConnectionFactory replay = connections(options.database(), options.replaySchema());
        ProjectionSchema.initialize(replay, options.replaySchema());
        Map<TopicPartition, Long> lastRead = new HashMap<>();
        long records = replayInto(options.bootstrapServers(), end, new ProjectionWriter(replay), lastRead, deadline);
        awaitGroup(options.bootstrapServers(), options.liveGroup(), lastRead, deadline);
        return new Report(options.replaySchema(), end, records,
                compare(live, options.liveSchema(), options.replaySchema()));
    }

    /** The database's options with {@code schema} first on the search_path ({@code null}: unchanged). */
    public static ConnectionFactory connections(ConnectionFactoryOptions database, String schema) {
        ConnectionFactoryOptions.Builder builder = database.mutate();
        if (schema != null) {
            builder.option(PostgresqlConnectionFactoryProvider.SCHEMA, ProjectionSchema.checked(schema));
        }
        return ConnectionFactories.get(builder.build());
    }

    /** End offsets seen by a read_committed consumer (last stable offsets) of every partition of the event topics. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            return new HashMap<>(consumer.endOffsets(partitions(consumer)));
        }
    }

    /**
     * Reads every partition from offset zero up to (excluding) its end offset and writes each poll
     * with {@code writer}. Fills {@code lastRead} with the offset of the last record read per partition
     * and returns the number of records read.
     */
    public static long replayInto(String bootstrapServers, Map<TopicPartition, Long> end, ProjectionWriter writer,
                                  Map<TopicPartition, Long> lastRead, long deadlineNanos) {
        EventDecoder decoder = new EventDecoder();
        long count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            Set<TopicPartition> remaining = new HashSet<>();
            end.forEach((partition, offset) -> {
                if (offset > 0) {
                    remaining.add(partition);
                }
            });
            consumer.assign(remaining);
            consumer.seekToBeginning(remaining);
            dropFinished(consumer, end, remaining);
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("replay timed out with partitions unread: " + remaining);
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
                for (TopicPartition partition : records.partitions()) {
                    long limit = end.get(partition);
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (record.offset() < limit) {
                            kept.add(record);
                            lastRead.put(partition, record.offset());
                        }
                    }
                }
                if (!kept.isEmpty()) {
                    write(writer, decoder, kept);
                    count += kept.size();
                }
                dropFinished(consumer, end, remaining);
            }
        }
        return count;
    }

    /**
     * Writes a poll; if it fails, writes its records one at a time and skips those the live projection set aside
     * too (refused for their content: they are in ledger.dead-letters), so the replay matches the live tables.
     */
    private static void write(ProjectionWriter writer, EventDecoder decoder, List<ConsumerRecord<String, byte[]>> kept) {
        try {
            writer.write(decoder.decode(kept)).block(WRITE_TIMEOUT);
            return;
        } catch (RuntimeException batchFailure) {
            log.warn("replay batch of {} records failed ({}); writing them one at a time", kept.size(),
                    batchFailure.getClass().getName());
        }
        for (ConsumerRecord<String, byte[]> record : kept) {
            try {
                writer.write(decoder.decode(List.of(record))).block(WRITE_TIMEOUT);
            } catch (RuntimeException failure) {
                if (PoisonRecords.reasonToSetAside(failure).isEmpty()) {
                    throw failure;
                }
                log.warn("replay skipped {}-{}@{} as the live projection does ({})", record.topic(), record.partition(),
                        record.offset(), PoisonRecords.describe(failure));
            }
        }
    }

    private static void dropFinished(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                                     Set<TopicPartition> remaining) {
        List<TopicPartition> finished = new ArrayList<>();
        for (TopicPartition partition : remaining) {
            if (consumer.position(partition) >= end.get(partition)) {
                finished.add(partition);
            }
        }
        if (!finished.isEmpty()) {
            consumer.pause(finished);
            finished.forEach(remaining::remove);
        }
    }

    /**
     * Waits until {@code group} has committed, on every partition in {@code lastRead}, an offset past
     * the record there (an offset equal to the end offset need not be reached: in a transactional topic
     * the last offset may be a commit marker, which the consumer commits past only on its next record).
     */
    public static void awaitGroup(String bootstrapServers, String group, Map<TopicPartition, Long> lastRead,
                                  long deadlineNanos) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                List<TopicPartition> behind = new ArrayList<>();
                lastRead.forEach((partition, last) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    if (offset == null || offset.offset() <= last) {
                        behind.add(partition);
                    }
                });
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("group " + group + " has not committed past the replayed records on "
                            + behind + " (is the projection-service running?)");
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the committed offsets of group " + group, e);
        }
    }

    /** Rows and digest of every projection table in both schemas. */
    public static List<TableDigest> compare(ConnectionFactory connections, String liveSchema, String replaySchema) {
        List<TableDigest> result = new ArrayList<>();
        for (Map.Entry<String, String> table : TABLES.entrySet()) {
            List<String> columns = columns(connections, replaySchema, table.getKey());
            Digest live = digest(connections, liveSchema, table.getKey(), table.getValue(), columns);
            Digest replay = digest(connections, replaySchema, table.getKey(), table.getValue(), columns);
            result.add(new TableDigest(table.getKey(), live.rows(), replay.rows(), live.md5(), replay.md5()));
        }
        return result;
    }

    record Digest(long rows, String md5) {
    }

    /** {@code md5} of all rows' text, one per line, ordered by primary key ({@code ''} hashed when empty). */
    static Digest digest(ConnectionFactory connections, String schema, String table, String primaryKey,
                         List<String> columns) {
        String row = "row(" + String.join(", ", columns.stream().map(c -> "t.\"" + c + "\"").toList()) + ")::text";
        String order = String.join(", ", java.util.Arrays.stream(primaryKey.split(",\\s*")).map(c -> "t.\"" + c + "\"").toList());
        String sql = "SELECT count(*), md5(coalesce(string_agg(" + row + ", E'\\n' ORDER BY " + order + "), '')) FROM "
                + ProjectionSchema.checked(schema) + "." + table + " t";
        return query(connections, sql, r -> new Digest(r.get(0, Long.class), r.get(1, String.class))).get(0);
    }

    static List<String> columns(ConnectionFactory connections, String schema, String table) {
        String sql = "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                + ProjectionSchema.checked(schema) + "' AND table_name = '" + table + "' ORDER BY ordinal_position";
        List<String> columns = query(connections, sql, r -> r.get(0, String.class));
        if (columns.isEmpty()) {
            throw new IllegalStateException("no table " + schema + "." + table);
        }
        return columns;
    }

    public static boolean schemaExists(ConnectionFactory connections, String schema) {
        return !query(connections, "SELECT 1 FROM pg_namespace WHERE nspname = '" + ProjectionSchema.checked(schema) + "'",
                r -> r.get(0, Integer.class)).isEmpty();
    }

    public static void dropSchema(ConnectionFactory connections, String schema) {
        if (ProjectionSchema.DEFAULT.equals(schema)) {
            throw new IllegalArgumentException("refusing to drop the public schema");
        }
        ProjectionSchema.execute(connections, "DROP SCHEMA IF EXISTS " + ProjectionSchema.checked(schema) + " CASCADE");
    }

    private static <T> List<T> query(ConnectionFactory connections, String sql,
                                     java.util.function.Function<io.r2dbc.spi.Readable, T> mapper) {
        return Mono.usingWhen(Mono.from(connections.create()),
                        connection -> Flux.from(connection.createStatement(sql).execute())
                                .flatMap(result -> result.map(mapper::apply)).collectList(),
                        connection -> Mono.from(connection.close()))
                .block(QUERY_TIMEOUT);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    private static Properties consumerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-replay-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
