package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.observability.tracing.KafkaTracing;
import dev.ledgerline.observability.tracing.RecordingTracing;
import dev.ledgerline.processor.TracedProcessor.TransactionIdFrom;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A stage wrapped in {@link TracedProcessor}, run by Kafka Streams' TopologyTestDriver with a real
 * OpenTelemetry SDK behind Micrometer Tracing: the stage's span is a child of the input record's
 * {@code traceparent}, and what the stage forwards carries the stage's own context, so the next stage
 * becomes its child.
 */
class TracedProcessorTest {

    private static final String PARENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";

    private final RecordingTracing recording = new RecordingTracing();
    /** The spans the stage ended (the SDK exports them as they end). */
    private final List<SpanData> finished = recording.exported();
    /** traceId/spanId in the MDC as the stage saw them, one per record. */
    private static final List<String> mdcWhileProcessing = new CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;

    /** Forwards its input with the input's headers, as every stage does through {@link Emitter}. */
    private static final class ForwardingStage implements Processor<String, byte[], String, Object> {
        private ProcessorContext<String, Object> context;

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (new String(record.value(), StandardCharsets.UTF_8).equals("fail")) {
                throw new IllegalStateException("stage failed");
            }
            mdcWhileProcessing.add(org.slf4j.MDC.get("traceId") + "/" + org.slf4j.MDC.get("spanId"));
            context.forward(new Record<>(record.key(), record.value(), record.timestamp(), record.headers()));
        }
    }

    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, byte[]> out;

    private void start(TransactionIdFrom from) {
        KafkaTracing tracing = recording.kafkaTracing();
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new ByteArrayDeserializer(), "stage-in");
        topology.addProcessor("stage", () -> TracedProcessor.wrap("balance-worker", new ForwardingStage(), tracing,
                from), "in");
        topology.addSink("out", "stage-out", new StringSerializer(), new ByteArraySerializer(), "stage");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "traced-processor-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, config);
        in = driver.createInputTopic("stage-in", new StringSerializer(), new ByteArraySerializer());
        out = driver.createOutputTopic("stage-out", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        recording.close();
    }

    private static Headers tracedHeaders(String transactionId) {
        return headers("01", transactionId);
    }

    /** A producer's headers as an unsampled trace leaves them (flags 00: what every record carries when export is off). */
    private static Headers unsampledHeaders(String transactionId) {
        return headers("00", transactionId);
    }

    private static Headers headers(String flags, String transactionId) {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + PARENT_TRACE + "-" + PARENT_SPAN + "-" + flags)
                .getBytes(StandardCharsets.UTF_8));
        if (transactionId != null) {
            headers.add(KafkaTracing.TRANSACTION_ID_HEADER, transactionId.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theStageSpanIsAChildOfTheInputAndItsOutputCarriesTheStagesContext() {
        // given a stage that finds the transaction id in the header
        start(TransactionIdFrom.HEADER);

        // when a record of a traced transfer passes
        in.pipeInput(new TestRecord<>("bln_dest", "leg".getBytes(StandardCharsets.UTF_8), tracedHeaders("txn_1")));

        // then one span of the stage is a child of the record's producer, tagged with the transaction
        assertThat(finished).hasSize(1);
        SpanData span = finished.get(0);
        assertThat(span.getName()).isEqualTo("process balance-worker");
        assertThat(span.getTraceId()).isEqualTo(PARENT_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(span.getAttributes().asMap()).containsValue("txn_1");
        // and the forwarded record names the stage's span as its parent, with the same trace and transaction
        TestRecord<String, byte[]> forwarded = out.readRecord();
        assertThat(header(forwarded, "traceparent")).isEqualTo("00-" + PARENT_TRACE + "-" + span.getSpanId() + "-01");
        assertThat(header(forwarded, KafkaTracing.TRANSACTION_ID_HEADER)).isEqualTo("txn_1");
        assertThat(forwarded.headers().headers("traceparent")).hasSize(1);
    }

    @Test
    void aStageKeyedByTransactionIdPutsItsKeyInTheOutputHeader() {
        // given the coordinator's kind of stage (keyed by transaction id)
        start(TransactionIdFrom.KEY);

        // when a refund command (its own transaction id as key) arrives carrying the original's header
        in.pipeInput(new TestRecord<>("txn_refund", "cmd".getBytes(StandardCharsets.UTF_8), tracedHeaders("txn_original")));

        // then the span and the outputs name the refund
        assertThat(finished.get(0).getAttributes().asMap()).containsValue("txn_refund");
        assertThat(header(out.readRecord(), KafkaTracing.TRANSACTION_ID_HEADER)).isEqualTo("txn_refund");
    }

    @Test
    void anUnsampledRecordPassesWithoutASpanKeepingItsTraceContextAndLendingItsIdsToTheLog() {
        // given a stage that finds the transaction id in the header
        mdcWhileProcessing.clear();
        start(TransactionIdFrom.HEADER);

        // when a record of an unsampled trace passes
        in.pipeInput(new TestRecord<>("bln_dest", "leg".getBytes(StandardCharsets.UTF_8), unsampledHeaders("txn_1")));

        // then no span was opened, and the output carries the input's trace context and transaction unchanged
        assertThat(finished).isEmpty();
        TestRecord<String, byte[]> forwarded = out.readRecord();
        assertThat(forwarded.headers().headers("traceparent")).hasSize(1);
        assertThat(header(forwarded, "traceparent")).isEqualTo("00-" + PARENT_TRACE + "-" + PARENT_SPAN + "-00");
        assertThat(header(forwarded, KafkaTracing.TRANSACTION_ID_HEADER)).isEqualTo("txn_1");
        // and the stage's log lines had the trace's ids, which are gone once it finished
        assertThat(mdcWhileProcessing).containsExactly(PARENT_TRACE + "/" + PARENT_SPAN);
        assertThat(org.slf4j.MDC.get("traceId")).isNull();
        assertThat(org.slf4j.MDC.get("spanId")).isNull();
    }

    @Test
    void anUnsampledRecordForAStageKeyedByTransactionIdNamesItsKeyInTheOutput() {
        // given the coordinator's kind of stage
        start(TransactionIdFrom.KEY);

        // when an unsampled refund command arrives carrying the original's header
        in.pipeInput(new TestRecord<>("txn_refund", "cmd".getBytes(StandardCharsets.UTF_8),
                unsampledHeaders("txn_original")));

        // then its outputs name the refund, still under the producer's trace context
        TestRecord<String, byte[]> forwarded = out.readRecord();
        assertThat(header(forwarded, KafkaTracing.TRANSACTION_ID_HEADER)).isEqualTo("txn_refund");
        assertThat(forwarded.headers().headers(KafkaTracing.TRANSACTION_ID_HEADER)).hasSize(1);
        assertThat(header(forwarded, "traceparent")).endsWith("-00");
        assertThat(finished).isEmpty();
    }

    @Test
    void aFailingStageEndsItsSpanWithTheError() {
        start(TransactionIdFrom.HEADER);

        assertThatThrownBy(() -> in.pipeInput(new TestRecord<>("bln", "fail".getBytes(StandardCharsets.UTF_8),
                tracedHeaders("txn_2")))).hasRootCauseMessage("stage failed");

        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).getStatus().getStatusCode().name()).isEqualTo("ERROR");
    }
}
