package dev.ledgerline.bench.chaos;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Gathers the crash matrix's facts once the load has stopped and hands them to {@link CrashAudit}
 * (dev/chaos.sh). Reads {@code ledger.transactions} and {@code ledger.entries} from offset zero with a
 * read_committed consumer of its own (no group), and waits, up to {@code --wait-s}, for quiescence: every
 * acknowledged transfer has an outcome in the log, the consumer is at the end of both topics, and PostgreSQL holds
 * as many of the run's outcome records and entries as the log. Then it reads the projection and prints the verdict.
 * Exit 0 only when the audit found nothing.
 */
public final class ChaosCheck {

    // One serde each for the whole read (one made per record builds its encoder and decoder again every time), since
    // the audit reads the topics from offset zero.
    private static final AvroSerde<TransactionRecord> TRANSACTIONS = AvroSerde.of(TransactionRecord.class);
    private static final AvroSerde<BalanceEntry> ENTRIES = AvroSerde.of(BalanceEntry.class);

    private final Args opt;
    private final String ledgerId;
    private final String referencePrefix;
    private final CrashAudit.ClientView client;

    // from the log, filled while polling
    private final Map<String, List<String>> logOutcomes = new HashMap<>();
    private final Set<String> logOutcomeIds = new HashSet<>();
    private final Map<String, CrashAudit.EntryCounts> logEntries = new HashMap<>();
    private final Set<String> logEntryKeys = new HashSet<>();
    private int undecodable;

    private ChaosCheck(Args opt) throws IOException {
        this.opt = opt;
        Path runDir = Path.of(opt.text("run-dir"));
        Properties run = new Properties();
        try (Reader r = Files.newBufferedReader(runDir.resolve("run.properties"), StandardCharsets.UTF_8)) {
            run.load(r);
        }
        this.ledgerId = run.getProperty("ledger_id");
        this.referencePrefix = run.getProperty("reference_prefix");
        this.client = new CrashAudit.ClientView(readExpectations(runDir.resolve("acked.tsv")),
                readExpectations(runDir.resolve("unknown.tsv")));
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("bootstrap", null);
        defaults.put("jdbc-url", null);
        defaults.put("run-dir", null);
        defaults.put("wait-s", "300");
        int rc;
        try {
            rc = new ChaosCheck(Args.parse(args, defaults)).run();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            rc = 2;
        } catch (Exception e) {
            System.err.println("chaos check failed: " + e);
            rc = 2;
        }
        System.exit(rc);
    }

    /** reference → expected outcome, from a load file (reference TAB expected ...). */
    static Map<String, String> readExpectations(Path file) throws IOException {
        Map<String, String> expectations = new TreeMap<>();
        if (!Files.exists(file)) {
            return expectations;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String[] cols = line.split("\t");
                expectations.put(cols[0], cols[1]);
            }
        }
        return expectations;
    }

    private int run() throws Exception {
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumerFromStart();
             Connection db = DriverManager.getConnection(opt.text("jdbc-url"))) {
            boolean quiet = awaitQuiescence(consumer, db);
            out("quiescence %s after %.1f s (log: %d outcome records of the run, %d entries of its ledger)",
                    quiet ? "reached" : "NOT reached", (System.nanoTime() - t0) / 1e9, logOutcomeIds.size(), logEntryKeys.size());
            CrashAudit.SystemView system = new CrashAudit.SystemView(logOutcomes, projectedOutcomes(db), logEntries,
                    projectedEntries(db), ledgerBalances(db), allBalancesByCurrency(db));
            CrashAudit.Verdict v = CrashAudit.audit(client, system, Ids::transactionIdForReference);
            report(v, quiet);
            return v.passed() && quiet && undecodable == 0 ? 0 : 1;
        }
    }

    // ------------------------------------------------------------------ the log

    private KafkaConsumer<byte[], byte[]> consumerFromStart() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, opt.text("bootstrap"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-chaos-check");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(Topics.TRANSACTIONS, Topics.ENTRIES)) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(60));
            if (infos == null || infos.isEmpty()) {
                c.close();
                throw new IllegalStateException("topic " + topic + " not found on " + opt.text("bootstrap"));
            }
            infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        }
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Polls until quiescence (twice in a row, a second apart) or the deadline; true when reached. */
    private boolean awaitQuiescence(KafkaConsumer<byte[], byte[]> consumer, Connection db) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.integer("wait-s"));
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int quietRounds = 0;
        while (System.nanoTime() < deadline) {
            long roundEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            do {
                consumer.poll(Duration.ofMillis(200)).forEach(this::absorb);
            } while (System.nanoTime() < roundEnd);
            boolean quiet = everyAcknowledgedHasOutcome() && atEnd(consumer) && projectionCaughtUp(db);
            quietRounds = quiet ? quietRounds + 1 : 0;
            if (quietRounds >= 2) {
                return true;
            }
            if (System.nanoTime() > nextProgress) {
                long waiting = client.acknowledged().keySet().stream().filter(r -> !logOutcomes.containsKey(r)).count();
                out("waiting for quiescence: %d acknowledged transfers without an outcome yet", waiting);
                nextProgress += TimeUnit.SECONDS.toNanos(15);
            }
        }
        return false;
    }

    private void absorb(ConsumerRecord<byte[], byte[]> rec) {
        if (rec.value() == null) {
            return;
        }
        try {
            if (rec.topic().equals(Topics.TRANSACTIONS)) {
                absorbTransaction(TRANSACTIONS.decode(rec.value()));
            } else {
                absorbEntry(ENTRIES.decode(rec.value()));
            }
        } catch (RuntimeException e) {
            undecodable++;
        }
    }

    private void absorbTransaction(TransactionRecord tx) {
        String ref = tx.getReference();
        if (ref.startsWith(referencePrefix) && ref.endsWith("_q")) {
            logOutcomes.computeIfAbsent(ref.substring(0, ref.length() - 2), k -> new ArrayList<>()).add(tx.getStatus());
            logOutcomeIds.add(tx.getTransactionId());
        }
    }

    private void absorbEntry(BalanceEntry e) {
        if (!ledgerId.equals(e.getLedgerId())) {
            return;
        }
        logEntryKeys.add(e.getBalanceId() + "/" + e.getVersion());
        if (e.getTransactionId() != null && !"OPEN".equals(e.getKind().name())) {
            logEntries.merge(e.getTransactionId(), CrashAudit.EntryCounts.NONE.plus(e.getKind().name()),
                    (a, b) -> a.plus(e.getKind().name()));
        }
    }

    private boolean everyAcknowledgedHasOutcome() {
        return logOutcomes.keySet().containsAll(client.acknowledged().keySet());
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        // read_committed: the position passes the last record and the marker that committed it
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    // ------------------------------------------------------------------ the projection

    private boolean projectionCaughtUp(Connection db) throws SQLException {
        long outcomes = count(db, "select count(*) from transactions where reference like ? and reference like '%\\_q'",
                referencePrefix + "%");
        long entries = count(db, "select count(*) from balance_entries e join balances b on b.balance_id = e.balance_id"
                + " where b.ledger_id = ?", ledgerId);
        return outcomes == logOutcomeIds.size() && entries == logEntryKeys.size();
    }

    private Map<String, String> projectedOutcomes(Connection db) throws SQLException {
        Map<String, String> outcomes = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(
                "select reference, status from transactions where reference like ? and reference like '%\\_q'")) {
            s.setString(1, referencePrefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String ref = rs.getString(1);
                    outcomes.put(ref.substring(0, ref.length() - 2), rs.getString(2));
                }
            }
        }
        return outcomes;
    }

    private Map<String, CrashAudit.EntryCounts> projectedEntries(Connection db) throws SQLException {
        Map<String, CrashAudit.EntryCounts> entries = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("select e.transaction_id, e.kind from balance_entries e"
                + " join balances b on b.balance_id = e.balance_id where b.ledger_id = ? and e.transaction_id is not null"
                + " and e.kind <> 'OPEN'")) {
            s.setString(1, ledgerId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(2);
                    entries.merge(rs.getString(1), CrashAudit.EntryCounts.NONE.plus(kind), (a, b) -> a.plus(kind));
                }
            }
        }
        return entries;
    }

    private List<CrashAudit.BalanceFacts> ledgerBalances(Connection db) throws SQLException {
        List<CrashAudit.BalanceFacts> balances = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("select b.balance_id, b.currency, b.balance,"
                + " coalesce((select sum(case e.kind when 'CREDIT' then e.amount when 'DEBIT' then -e.amount else 0 end)"
                + "   from balance_entries e where e.balance_id = b.balance_id), 0),"
                + " (select e.balance from balance_entries e where e.balance_id = b.balance_id order by e.version desc limit 1)"
                + " from balances b where b.ledger_id = ? order by b.balance_id")) {
            s.setString(1, ledgerId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    balances.add(new CrashAudit.BalanceFacts(rs.getString(1), rs.getString(2), integer(rs.getBigDecimal(3)),
                            integer(rs.getBigDecimal(4)), rs.getBigDecimal(5) == null ? null : integer(rs.getBigDecimal(5))));
                }
            }
        }
        return balances;
    }

    private static Map<String, BigInteger> allBalancesByCurrency(Connection db) throws SQLException {
        Map<String, BigInteger> sums = new TreeMap<>();
        try (PreparedStatement s = db.prepareStatement("select currency, sum(balance) from balances group by currency");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                sums.put(rs.getString(1), integer(rs.getBigDecimal(2)));
            }
        }
        return sums;
    }

    private static long count(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static BigInteger integer(java.math.BigDecimal minorUnits) {
        return minorUnits.toBigIntegerExact();
    }

    // ------------------------------------------------------------------ report

    private void report(CrashAudit.Verdict v, boolean quiet) {
        out("acknowledged %d, unanswered %d (of which %d landed), outcomes APPLIED %d, REJECTED %d",
                v.acknowledged(), v.unanswered(), v.unansweredLanded(), v.applied(), v.rejected());
        out("lost %d, duplicated outcomes %d, applied twice %d, wrong outcome %d, projection mismatches %d, undecodable records %d",
                v.lost(), v.duplicatedOutcomes(), v.appliedTwice(), v.wrongOutcome(), v.projectionMismatches(), undecodable);
        v.violations().stream().limit(30).forEach(line -> out("  VIOLATION %s", line));
        if (v.violations().size() > 30) {
            out("  ... and %d more violations", v.violations().size() - 30);
        }
        out("CHAOSCHECK acknowledged=%d unanswered=%d unanswered_landed=%d applied=%d rejected=%d lost=%d duplicated=%d "
                        + "applied_twice=%d wrong_outcome=%d projection_mismatches=%d violations=%d quiescent=%s",
                v.acknowledged(), v.unanswered(), v.unansweredLanded(), v.applied(), v.rejected(), v.lost(),
                v.duplicatedOutcomes(), v.appliedTwice(), v.wrongOutcome(), v.projectionMismatches(),
                v.violations().size(), quiet);
    }

    private static void out(String fmt, Object... args) {
        System.out.println(String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }
}
