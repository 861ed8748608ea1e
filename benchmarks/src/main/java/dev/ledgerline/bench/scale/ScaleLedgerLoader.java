package dev.ledgerline.bench.scale;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;

/**
 * Grows a stopped stack's ledger to a size worth verifying (dev/verify-scale.sh): writes correct, chained entries and
 * seals straight into {@code ledger.entries} and {@code ledger.seals} and the same rows into the read model
 * ({@code balance_entries}, {@code balances}, {@code seals}), as the processor and the projection would have, at
 * hundreds of thousands of entries a minute instead of a thousand a second through the API.
 *
 * <p>What it writes: ledger {@value #LEDGER_ID} with {@code --balances} USD balances {@code bln_scale_<i>} (an OPEN entry
 * each), then transfers between two random distinct balances (a DEBIT entry on the source, a CREDIT on the
 * destination; overdrafts allowed, amounts 1–10,000 minor units) until {@code --entries} entries are written. Each
 * balance's entries go to the partition its id hashes to (as the processor's), each partition is sealed every
 * {@code --seal-every} of its entries and at the end, continuing the partition's seal chain. A second run continues
 * the same balances' chains. It writes no {@code ledger.transactions} records: the transfers are not visible through
 * {@code /transactions}.
 *
 * <p>Safety: it must be the only writer. It refuses to run unless every consumer group reading the two topics is
 * empty (stop projection-service first; dev/verify-scale.sh also stops the processor, whose next seal would otherwise
 * race the loader's). It predicts each record's offset and checks the prediction at the end. Consumer groups that had
 * read the topics to their end are moved past the loaded records, so the restarted projection does not project them a
 * second time. The processor keeps its own last seal of each partition in its state: a stack it has sealed in after a
 * load is no longer a stack whose chains verify. Use a throwaway stack.
 */
public final class ScaleLedgerLoader {

    static final String LEDGER_ID = "ldg_scale";
    /** projection-service's consumer group (its default {@code ledgerline.projection.group-id}). */
    private static final String PROJECTION_GROUP = "ledgerline-projection";
    private static final String BALANCE_PREFIX = "bln_scale_";
    private static final String CURRENCY = "USD";
    private static final int COPY_FLUSH_CHARS = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrap;
    private final String jdbcUrl;
    private final long entries;
    private final int balanceCount;
    private final int sealEvery;
    private final SplittableRandom random;

    private ScaleLedgerLoader(String bootstrap, String jdbcUrl, long entries, int balanceCount, int sealEvery, long seed) {
        this.bootstrap = bootstrap;
        this.jdbcUrl = jdbcUrl;
        this.entries = entries;
        this.balanceCount = balanceCount;
        this.sealEvery = sealEvery;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("bootstrap", "127.0.0.1:19092",
                "jdbc-url", "jdbc:postgresql://127.0.0.1:55432/ledgerline?user=postgres",
                "entries", "10000000", "balances", "10000", "seal-every", "1000", "seed", "1"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(name, args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        ScaleLedgerLoader loader = new ScaleLedgerLoader(options.get("bootstrap"), options.get("jdbc-url"),
                Long.parseLong(options.get("entries")), Integer.parseInt(options.get("balances")),
                Integer.parseInt(options.get("seal-every")), Long.parseLong(options.get("seed")));
        loader.run();
    }

    /** One balance's chain as the loader advances it. */
    private static final class Chain {
        final String id;
        final int partition;
        final long createdAtMs;
        long version = -1;
        String hash = Canonical.GENESIS_HASH;
        long credit;
        long debit;

        Chain(String id, int partition, long createdAtMs) {
            this.id = id;
            this.partition = partition;
            this.createdAtMs = createdAtMs;
        }
    }

    /** One partition's seal chain and the heads written since its last seal. */
    private static final class SealChain {
        long seq;
        String hash = Canonical.GENESIS_HASH;
        long entriesSinceSeal;
        final TreeMap<String, Chain> unsealed = new TreeMap<>();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(consumerProperties("read_uncommitted"));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties());
             Connection db = DriverManager.getConnection(jdbcUrl);
             Connection sealDb = DriverManager.getConnection(jdbcUrl)) {
            List<TopicPartition> entryPartitions = partitions(reader, Topics.ENTRIES);
            List<TopicPartition> sealPartitions = partitions(reader, Topics.SEALS);
            if (entryPartitions.size() != sealPartitions.size()) {
                throw new IllegalStateException("ledger.entries and ledger.seals differ in partition count");
            }
            List<TopicPartition> loaded = new ArrayList<>(entryPartitions);
            loaded.addAll(sealPartitions);
            Map<String, Map<TopicPartition, OffsetAndMetadata>> caughtUp = caughtUpGroups(admin, loaded,
                    reader.endOffsets(loaded, TIMEOUT));
            Map<TopicPartition, Long> next = new HashMap<>(reader.endOffsets(loaded, TIMEOUT));
            Map<TopicPartition, Long> before = Map.copyOf(next);

            int partitionCount = entryPartitions.size();
            SealChain[] sealChains = lastSeals(partitionCount);
            Map<String, Chain> chains = existingChains(db, partitionCount);
            System.out.printf("LOAD start: %d balances of %s already present, %d partitions, %d entries to write%n",
                    chains.size(), LEDGER_ID, partitionCount, entries);

            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            AvroSerde<BalanceEntry> entrySerde = AvroSerde.of(BalanceEntry.class);
            AvroSerde<SealRecord> sealSerde = AvroSerde.of(SealRecord.class);
            CopyStream entryRows = new CopyStream(db, """
                    COPY balance_entries (balance_id, version, kind, transaction_id, amount, balance, credit_balance,
                        debit_balance, inflight_balance, inflight_credit_balance, inflight_debit_balance, prev_hash, hash,
                        recorded_at, effective_at, topic_partition, topic_offset) FROM STDIN""");
            CopyStream sealRows = new CopyStream(sealDb, """
                    COPY seals (partition, seq, heads, prev_seal_hash, seal_hash, sealed_at, topic_offset) FROM STDIN""");
            long runId = System.currentTimeMillis();
            Writer writer = new Writer(producer, entrySerde, sealSerde, entryRows, sealRows, next, sealChains, sendFailure);

            List<Chain> all = new ArrayList<>(chains.values());
            long written = 0;
            for (int i = chains.size(); i < balanceCount && written < entries; i++) {
                String id = BALANCE_PREFIX + i;
                Chain chain = new Chain(id, partitionOf(id, partitionCount), System.currentTimeMillis());
                all.add(chain);
                writer.entry(chain, "OPEN", null, 0);
                written++;
            }
            if (all.size() < 2) {
                throw new IllegalStateException("need at least two balances");
            }
            long transfer = 0;
            while (written < entries) {
                Chain source = all.get(random.nextInt(all.size()));
                Chain destination = all.get(random.nextInt(all.size()));
                if (source == destination) {
                    continue;
                }
                long amount = 1 + random.nextInt(10_000);
                String txn = "txn_scale_" + runId + "_" + transfer++;
                writer.entry(source, "DEBIT", txn, amount);
                writer.entry(destination, "CREDIT", txn, amount);
                written += 2;
                if (written % 1_000_000 < 2) {
                    System.out.printf("LOAD progress: %d entries in %.0f s%n", written, seconds(started));
                }
            }
            for (int p = 0; p < partitionCount; p++) {
                writer.seal(p);
            }
            producer.flush();
            if (sendFailure.get() != null) {
                throw new IllegalStateException("a record was not written to Kafka", sendFailure.get());
            }
            entryRows.end();
            sealRows.end();
            upsertBalances(db, all);

            Map<TopicPartition, Long> after = reader.endOffsets(loaded, TIMEOUT);
            if (!after.equals(next)) {
                throw new IllegalStateException("offsets are not where the loader put its records (another writer?): expected "
                        + next + ", found " + after);
            }
            moveGroups(admin, caughtUp, before, after);
            long seals = 0;
            for (TopicPartition tp : sealPartitions) {
                seals += after.get(tp) - before.get(tp);
            }
            System.out.printf("LOAD done: entries=%d balances=%d seals=%d seconds=%.1f entries_per_s=%.0f groups_moved=%s%n",
                    written, all.size(), seals, seconds(started), written / seconds(started), caughtUp.keySet());
        }
    }

    /** Writes entries and seals to Kafka and to the read model, predicting each record's offset. */
    private final class Writer {
        private final KafkaProducer<String, byte[]> producer;
        private final org.apache.kafka.common.serialization.Serializer<BalanceEntry> entrySerde;
        private final org.apache.kafka.common.serialization.Serializer<SealRecord> sealSerde;
        private final CopyStream entryRows;
        private final CopyStream sealRows;
        private final Map<TopicPartition, Long> next;
        private final SealChain[] sealChains;
        private final AtomicReference<Exception> failure;

        Writer(KafkaProducer<String, byte[]> producer, AvroSerde<BalanceEntry> entrySerde, AvroSerde<SealRecord> sealSerde,
               CopyStream entryRows, CopyStream sealRows, Map<TopicPartition, Long> next, SealChain[] sealChains,
               AtomicReference<Exception> failure) {
            this.producer = producer;
            this.entrySerde = entrySerde.serializer();
            this.sealSerde = sealSerde.serializer();
            this.entryRows = entryRows;
            this.sealRows = sealRows;
            this.next = next;
            this.sealChains = sealChains;
            this.failure = failure;
        }

        void entry(Chain chain, String kind, String transactionId, long amount) throws SQLException {
            if ("DEBIT".equals(kind)) {
                chain.debit += amount;
            } else if ("CREDIT".equals(kind)) {
                chain.credit += amount;
            }
            chain.version++;
            long now = System.currentTimeMillis();
            String balance = Long.toString(chain.credit - chain.debit);
            dev.ledgerline.core.Entry core = new dev.ledgerline.core.Entry(chain.id, chain.version,
                    dev.ledgerline.core.EntryKind.valueOf(kind), LEDGER_ID, CURRENCY, null, "", transactionId,
                    java.math.BigInteger.valueOf(amount), new java.math.BigInteger(balance),
                    java.math.BigInteger.valueOf(chain.credit), java.math.BigInteger.valueOf(chain.debit),
                    java.math.BigInteger.ZERO, java.math.BigInteger.ZERO, java.math.BigInteger.ZERO, "{}", chain.createdAtMs,
                    now, now, chain.hash, null);
            String hash = core.expectedHash();
            BalanceEntry wire = BalanceEntry.newBuilder()
                    .setBalanceId(chain.id).setVersion(chain.version)
                    .setKind(dev.ledgerline.wire.v1.EntryKind.valueOf(kind)).setLedgerId(LEDGER_ID).setCurrency(CURRENCY)
                    .setIndicator(null).setIdentityId("").setTransactionId(transactionId)
                    .setAmount(Long.toString(amount)).setBalance(balance).setCreditBalance(Long.toString(chain.credit))
                    .setDebitBalance(Long.toString(chain.debit)).setInflightBalance("0").setInflightCreditBalance("0")
                    .setInflightDebitBalance("0").setMetaDataJson("{}").setBalanceCreatedAtMs(chain.createdAtMs)
                    .setRecordedAtMs(now).setEffectiveAtMs(now).setPrevHash(chain.hash).setHash(hash).build();
            TopicPartition tp = new TopicPartition(Topics.ENTRIES, chain.partition);
            long offset = next.merge(tp, 1L, Long::sum) - 1;
            send(new ProducerRecord<>(Topics.ENTRIES, chain.partition, now, chain.id,
                    entrySerde.serialize(Topics.ENTRIES, wire)));
            entryRows.row(chain.id, Long.toString(chain.version), kind, transactionId, Long.toString(amount), balance,
                    Long.toString(chain.credit), Long.toString(chain.debit), "0", "0", "0", chain.hash, hash,
                    timestamp(now), timestamp(now), Integer.toString(chain.partition), Long.toString(offset));
            chain.hash = hash;
            SealChain seals = sealChains[chain.partition];
            seals.unsealed.put(chain.id, chain);
            if (++seals.entriesSinceSeal >= sealEvery) {
                seal(chain.partition);
            }
        }

        /** Seals the heads written on {@code partition} since its last seal (nothing when none were). */
        void seal(int partition) throws SQLException {
            SealChain chain = sealChains[partition];
            if (chain.unsealed.isEmpty()) {
                return;
            }
            long now = System.currentTimeMillis();
            List<SealHead> heads = new ArrayList<>(chain.unsealed.size());
            List<SealHash.Head> hashHeads = new ArrayList<>(chain.unsealed.size());
            StringBuilder json = new StringBuilder("[");
            for (Chain head : chain.unsealed.values()) {
                heads.add(new SealHead(head.id, head.version, head.hash));
                hashHeads.add(new SealHash.Head(head.id, head.version, head.hash));
                json.append(json.length() > 1 ? "," : "").append("{\"balance_id\":\"").append(head.id)
                        .append("\",\"version\":").append(head.version).append(",\"hash\":\"").append(head.hash).append("\"}");
            }
            long seq = chain.seq + 1;
            String sealHash = SealHash.of(chain.hash, partition, seq, now, hashHeads);
            SealRecord seal = new SealRecord(partition, seq, heads, chain.hash, now, sealHash);
            TopicPartition tp = new TopicPartition(Topics.SEALS, partition);
            long offset = next.merge(tp, 1L, Long::sum) - 1;
            send(new ProducerRecord<>(Topics.SEALS, partition, now, Integer.toString(partition),
                    sealSerde.serialize(Topics.SEALS, seal)));
            sealRows.row(Integer.toString(partition), Long.toString(seq), json.append(']').toString(), chain.hash, sealHash,
                    timestamp(now), Long.toString(offset));
            chain.seq = seq;
            chain.hash = sealHash;
            chain.entriesSinceSeal = 0;
            chain.unsealed.clear();
        }

        private void send(ProducerRecord<String, byte[]> record) {
            if (failure.get() != null) {
                throw new IllegalStateException("a record was not written to Kafka", failure.get());
            }
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }
    }

    /** One {@code COPY … FROM STDIN} (text format) fed row by row, sent in chunks of about a megabyte. */
    private static final class CopyStream {
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(COPY_FLUSH_CHARS + 4096);

        CopyStream(Connection db, String sql) throws SQLException {
            this.copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        }

        /** {@code null} is SQL NULL; values must hold no tab, newline or backslash (ids, numbers, hashes, JSON of them). */
        void row(String... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                buffer.append(i == 0 ? "" : "\t").append(values[i] == null ? "\\N" : values[i]);
            }
            buffer.append('\n');
            if (buffer.length() >= COPY_FLUSH_CHARS) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        void end() throws SQLException {
            flush();
            copy.endCopy();
        }
    }

    /** Each partition's last seal (read from the topic), so the loader's seals continue its chain. */
    private SealChain[] lastSeals(int partitionCount) {
        SealChain[] chains = new SealChain[partitionCount];
        var serde = AvroSerde.of(SealRecord.class).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties("read_committed"))) {
            for (int p = 0; p < partitionCount; p++) {
                chains[p] = new SealChain();
                TopicPartition tp = new TopicPartition(Topics.SEALS, p);
                consumer.assign(List.of(tp));
                long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
                // the last few offsets hold the last seal (and perhaps transaction markers after it)
                consumer.seek(tp, Math.max(0, end - 64));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (consumer.position(tp, TIMEOUT) < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        SealRecord seal = serde.deserialize(Topics.SEALS, record.value());
                        chains[p].seq = seal.getSeq();
                        chains[p].hash = seal.getSealHash();
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not read the last seal of " + tp);
                    }
                }
            }
        }
        return chains;
    }

    /** The loader's balances already in the read model (a second run continues their chains). */
    private static Map<String, Chain> existingChains(Connection db, int partitionCount) throws SQLException {
        Map<String, Chain> chains = new java.util.LinkedHashMap<>();
        try (Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT balance_id, version, head_hash, credit_balance::text, debit_balance::text,
                         (extract(epoch FROM created_at) * 1000)::bigint
                     FROM balances WHERE ledger_id = '%s' ORDER BY (substring(balance_id from %d))::int"""
                     .formatted(LEDGER_ID, BALANCE_PREFIX.length() + 1))) {
            while (rows.next()) {
                String id = rows.getString(1);
                Chain chain = new Chain(id, partitionOf(id, partitionCount), rows.getLong(6));
                chain.version = rows.getLong(2);
                chain.hash = rows.getString(3);
                chain.credit = Long.parseLong(rows.getString(4));
                chain.debit = Long.parseLong(rows.getString(5));
                chains.put(id, chain);
            }
        }
        return chains;
    }

    /** Every loaded balance's row at its last entry, as the projection's upsert leaves it. */
    private static void upsertBalances(Connection db, List<Chain> chains) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO ledgers (ledger_id, name, meta_data, created_at, version)
                    VALUES ('%s', 'scale test', '{}'::jsonb, now(), 0) ON CONFLICT DO NOTHING""".formatted(LEDGER_ID));
            sql.execute("CREATE TEMP TABLE scale_balances (LIKE balances INCLUDING DEFAULTS) ON COMMIT PRESERVE ROWS");
        }
        CopyStream rows = new CopyStream(db, """
                COPY scale_balances (balance_id, ledger_id, identity_id, indicator, currency, balance, credit_balance,
                    debit_balance, inflight_balance, inflight_credit_balance, inflight_debit_balance, version, head_hash,
                    created_at, meta_data, updated_at) FROM STDIN""");
        long now = System.currentTimeMillis();
        for (Chain chain : chains) {
            rows.row(chain.id, LEDGER_ID, "", null, CURRENCY, Long.toString(chain.credit - chain.debit),
                    Long.toString(chain.credit), Long.toString(chain.debit), "0", "0", "0", Long.toString(chain.version),
                    chain.hash, timestamp(chain.createdAtMs), "{}", timestamp(now));
        }
        rows.end();
        try (Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO balances SELECT * FROM scale_balances
                    ON CONFLICT (balance_id) DO UPDATE SET balance = EXCLUDED.balance,
                        credit_balance = EXCLUDED.credit_balance, debit_balance = EXCLUDED.debit_balance,
                        version = EXCLUDED.version, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at""");
            sql.execute("DROP TABLE scale_balances");
            // fresh statistics for the verifier's lookups, as autovacuum would have kept them during a slow growth
            sql.execute("ANALYZE balance_entries");
            sql.execute("ANALYZE balances");
        }
    }

    /**
     * The consumer groups that read the loaded partitions (the projection's, named, and any other with offsets on them),
     * each with the partitions it had read to the end (an empty partition with no offset counts: the group starts at
     * 0, its end); fails when such a group still has members.
     */
    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> caughtUpGroups(Admin admin,
            List<TopicPartition> partitions, Map<TopicPartition, Long> ends) throws Exception {
        java.util.Set<String> groups = new java.util.TreeSet<>(List.of(PROJECTION_GROUP));
        for (GroupListing group : admin.listGroups().all().get()) {
            groups.add(group.groupId());
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> caughtUp = new TreeMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            boolean reads = PROJECTION_GROUP.equals(group) || partitions.stream().anyMatch(offsets::containsKey);
            if (!reads) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> atEnd = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata committed = offsets.get(tp);
                long position = committed == null ? 0 : committed.offset();
                if (position == ends.get(tp)) {
                    atEnd.put(tp, new OffsetAndMetadata(position));
                }
            }
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get();
            if (description.groupState() != GroupState.EMPTY && description.groupState() != GroupState.DEAD) {
                throw new IllegalStateException("consumer group " + group + " is " + description.groupState()
                        + ": stop the services reading ledger.entries and ledger.seals first");
            }
            if (!atEnd.isEmpty()) {
                caughtUp.put(group, atEnd);
            }
        }
        return caughtUp;
    }

    /** Moves each caught-up group's offsets from the old end of a partition to its new end. */
    private static void moveGroups(Admin admin, Map<String, Map<TopicPartition, OffsetAndMetadata>> groups,
                                   Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) throws Exception {
        for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : groups.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
            group.getValue().forEach((tp, committed) -> {
                if (committed.offset() == before.get(tp)) {
                    moved.put(tp, new OffsetAndMetadata(after.get(tp)));
                }
            });
            admin.alterConsumerGroupOffsets(group.getKey(), moved).all().get();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        var infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException(topic + " does not exist: start the stack (dev/up.sh) once first");
        }
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return partitions;
    }

    /** The partition Kafka's default partitioner (and so the processor's sink) gives a balance id. */
    static int partitionOf(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    private static String timestamp(long epochMs) {
        return java.time.Instant.ofEpochMilli(epochMs).toString();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private Properties consumerProperties(String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // idempotent: retries neither reorder nor duplicate, so each record lands on the offset predicted for it
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
