package dev.ledgerline.examples.balances;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A minimal consumer of Ledgerline's public {@code ledger.entries} topic: keeps the current balance of
 * every balance id, using the resulting {@code balance} each entry carries, and checks that each
 * balance's versions arrive gapless (0, 1, 2, ...).
 *
 * <p>What it relies on (docs/EVENTS.md): with {@code isolation.level=read_committed} it sees only
 * committed entries, each once; all entries of one balance are in one partition (key = balance id),
 * in version order. The state is in memory only, so every partition it is assigned is read from its
 * beginning again, and the balances of a partition it loses are forgotten. Offsets are therefore never
 * committed; the group only spreads the partitions over instances.
 *
 * <p>Not thread-safe: call {@link #poll} from one thread; {@link #wakeup} may be called from any.
 */
public final class RunningBalances implements AutoCloseable {

    public static final String DEFAULT_GROUP = "ledgerline-example-running-balances";

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerde<BalanceEntry> entries = AvroSerde.of(BalanceEntry.class);
    private final Map<String, BigInteger> balances = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private long applied;

    public RunningBalances(String bootstrapServers, String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // never an aborted attempt
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);        // state is in memory: always replay
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.ENTRIES), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                forget(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                forget(partitions);
                consumer.seekToBeginning(partitions);
            }
        });
    }

    /** Polls once and applies what arrived; returns the number of entries applied. */
    public int poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() != null) {
                apply(entries.decode(record.value()), record.partition());
            }
        }
        applied += records.count();
        return records.count();
    }

    /**
     * Applies one entry: the balance becomes the entry's resulting {@code balance}, after checking its
     * version is the next one for that balance.
     *
     * @throws GapException when a version is missing, repeated or out of order
     */
    void apply(BalanceEntry entry, int partition) {
        String id = entry.getBalanceId();
        Long last = versions.get(id);
        long expected = last == null ? 0 : last + 1;
        if (entry.getVersion() != expected) {
            throw new GapException(id, expected, entry.getVersion());
        }
        BigInteger balance = new BigInteger(entry.getBalance());
        BigInteger credit = new BigInteger(entry.getCreditBalance());
        BigInteger debit = new BigInteger(entry.getDebitBalance());
        if (!credit.subtract(debit).equals(balance)) {
            throw new IllegalStateException("entry " + id + " v" + entry.getVersion() + ": balance " + balance
                    + " is not credit " + credit + " - debit " + debit);
        }
        versions.put(id, entry.getVersion());
        balances.put(id, balance);
        partitionOf.put(id, partition);
    }

    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            partitionOf.entrySet().removeIf(e -> {
                if (e.getValue() == partition.partition()) {
                    balances.remove(e.getKey());
                    versions.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
    }

    /** The current balance (minor units), or {@code null} when no entry of it was seen. */
    public BigInteger balance(String balanceId) {
        return balances.get(balanceId);
    }

    /** The version of the last entry applied to {@code balanceId}, or {@code null}. */
    public Long version(String balanceId) {
        return versions.get(balanceId);
    }

    /** A copy of all balances seen. */
    public Map<String, BigInteger> balances() {
        return Map.copyOf(balances);
    }

    public long appliedEntries() {
        return applied;
    }

    /** Makes a blocked {@link #poll} throw {@link WakeupException}; safe from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** A balance's versions did not arrive as 0, 1, 2, ... */
    public static final class GapException extends IllegalStateException {
        public GapException(String balanceId, long expected, long actual) {
            super("balance " + balanceId + ": expected version " + expected + " but got " + actual);
        }
    }

    /** Runs until Ctrl-C, printing the balances every 5 seconds. Argument: bootstrap servers (default 127.0.0.1:19092). */
    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:19092";
        RunningBalances running = new RunningBalances(bootstrap, DEFAULT_GROUP);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.wakeup();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long nextPrint = 0;
        try (running) {
            while (true) {
                running.poll(Duration.ofMillis(500));
                if (System.currentTimeMillis() >= nextPrint) {
                    nextPrint = System.currentTimeMillis() + 5_000;
                    System.out.printf("%d entries, %d balances%n", running.appliedEntries(), running.balances.size());
                    running.balances.forEach((id, balance) ->
                            System.out.printf("  %s v%d %s%n", id, running.versions.get(id), balance));
                }
            }
        } catch (WakeupException e) {
            // shutting down
        }
    }
}
