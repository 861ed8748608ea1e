package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.schemas.Topics;

/** A record that fails half-way leaves no trace: its store writes and outputs are dropped, the record set aside. */
class DeadLetterGuardTest {

    private static final String STORE = "counts";
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> output;
    private TestOutputTopic<String, byte[]> deadLetters;
    private final List<String> setAside = new ArrayList<>();
    /** The raw input value the stage's record context still held when the stage ran (empty: no record context). */
    private static final AtomicReference<Optional<byte[][]>> RAW_INPUT_SEEN = new AtomicReference<>();

    /** Writes the key to the store and forwards it, then fails when the value says "fail" (after its writes). */
    private static final class WriteThenMaybeFail implements Processor<String, byte[], String, Object> {
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            RAW_INPUT_SEEN.set(context.recordMetadata().map(m -> new byte[][] {((ProcessorRecordContext) m).sourceRawValue()}));
            store.put(record.key(), new String(record.value()));
            store.delete("seed");
            // reads see the record's own pending writes, ranges included
            assertThat(store.get(record.key())).isEqualTo(new String(record.value()));
            try (KeyValueIterator<String, String> all = store.all()) {
                List<String> keys = new ArrayList<>();
                all.forEachRemaining(entry -> keys.add(entry.key));
                assertThat(keys).contains(record.key()).doesNotContain("seed");
            }
            context.forward(new Record<>(record.key(), (Object) record.value(), record.timestamp()), "out");
            if ("fail".equals(new String(record.value()))) {
                throw new IllegalStateException("failed after writing");
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("dead-letter-guard-test");
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new ByteArrayDeserializer(), "input");
        topology.addProcessor("stage", () -> new DeadLetterGuard("stage", new WriteThenMaybeFail(),
                (topic, source, reason, atMs) -> setAside.add(source + " " + reason)), "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.String()).withCachingEnabled(), "stage");
        topology.addSink("out", "output", new StringSerializer(), (topic, value) -> (byte[]) value, "stage");
        topology.addSink(LedgerTopology.DEAD_LETTERS_SINK, Topics.DEAD_LETTERS, new StringSerializer(),
                (topic, value) -> (byte[]) value, "stage");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-guard-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, config);
        input = driver.createInputTopic("input", new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic("output", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), new ByteArrayDeserializer());
        driver.<String, String>getKeyValueStore(STORE).put("seed", "kept");
    }

    @AfterEach
    void stop() throws Exception {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aFailingRecordLeavesNoWritesAndNoOutputsAndTheNextRecordIsHandled() {
        // When a record fails after writing and forwarding, and a good one follows
        input.pipeInput("bad", "fail".getBytes());
        input.pipeInput("good", "ok".getBytes());

        // Then nothing of the bad record remains: not its store write, not its delete, not its output
        KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
        assertThat(store.get("bad")).isNull();
        assertThat(output.readKeyValuesToList()).extracting(kv -> kv.key + "=" + new String(kv.value))
                .containsExactly("good=ok");
        // And the good record's writes all landed
        assertThat(store.get("good")).isEqualTo("ok");
        assertThat(store.get("seed")).isNull();
        // And the bad record is in the dead-letter topic, counted once
        var letter = deadLetters.readRecord();
        assertThat(letter.key()).isEqualTo("bad");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON).orElseThrow()).contains("PROCESSING_FAILED");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.DETAIL).orElseThrow()).contains("failed after writing");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(setAside).containsExactly("input-0@0 PROCESSING_FAILED");
    }

    @Test
    void theStageRunsWithoutTheInputsRawBytesInItsRecordContextSoCachedWritesDoNotPinThem() {
        // Given Kafka Streams keeps an input record's raw bytes in the record context, and a cached store's write
        // copies that context into its cache entry without counting them (a bulk command pinned once per entry)
        // When a record is processed
        input.pipeInput("big", new byte[64 * 1024]);

        // Then the stage ran with a record context whose raw value was already released
        assertThat(RAW_INPUT_SEEN.get()).isPresent();
        assertThat(RAW_INPUT_SEEN.get().get()[0]).isNull();
        assertThat(driver.<String, String>getKeyValueStore(STORE).get("big")).isNotNull();
    }
}
