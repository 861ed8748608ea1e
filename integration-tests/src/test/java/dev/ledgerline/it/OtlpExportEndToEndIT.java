package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import dev.ledgerline.observability.tracing.KafkaTracing;
import dev.ledgerline.observability.tracing.OtlpReceiver;
import dev.ledgerline.observability.tracing.OtlpReceiver.ReceivedMetric;
import dev.ledgerline.observability.tracing.OtlpReceiver.ReceivedSpan;

/**
 * The whole stack with {@code BLNK_ENABLE_OBSERVABILITY=true} and {@code OTEL_EXPORTER_OTLP_ENDPOINT} pointed
 * at a real OTLP/HTTP receiver (protobuf decoded with the OpenTelemetry proto classes): one transfer is one
 * trace from the gateway's HTTP request through the Kafka publish and every processor stage to the
 * projection's write, and the services push their metrics. Runs in a JVM of its own (failsafe execution
 * {@code otlp-export}), because the stack it needs differs from the other tests' stack.
 */
class OtlpExportEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static OtlpReceiver receiver;
    private static Ledger ledger;

    @BeforeAll
    static void startStackExportingToTheReceiver() throws Exception {
        receiver = OtlpReceiver.start();
        LedgerlineStack stack = LedgerlineStack.get(List.of(
                "--BLNK_ENABLE_OBSERVABILITY=true",
                "--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.baseUrl(),
                "--LEDGERLINE_OTLP_METRICS_INTERVAL=1s",
                "--management.opentelemetry.tracing.export.schedule-delay=200ms"));
        ledger = new Ledger(stack);
    }

    @AfterAll
    static void stop() {
        LedgerlineStack.stop();
        receiver.close();
    }

    private static List<ReceivedSpan> carrying(List<ReceivedSpan> spans, String transactionId) {
        return spans.stream().filter(s -> transactionId.equals(s.attributes().get(KafkaTracing.TRANSACTION_ID))).toList();
    }

    private static Set<String> services(List<ReceivedSpan> spans) {
        return spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    @Test
    void aTransfersSpansComeFromAllThreeServicesInOneTrace() {
        // given two balances
        String ledgerId = ledger.createLedger("traced wallets");
        String alice = ledger.createBalance(ledgerId, "USD");
        String bob = ledger.createBalance(ledgerId, "USD");
        String reference = UUID.randomUUID() + "-traced";

        // when alice pays bob and the outcome is projected
        Response queued = ledger.postTransaction(reference, alice, bob, "1500", true);
        assertThat(queued.status()).as(queued.raw()).isEqualTo(201);
        String transactionId = queued.body().get("transaction_id").asString();
        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("APPLIED");

        // then spans carrying the transaction id arrive from the gateway, the worker and the projection
        // (spans arrive in batches per service: wait for the three balance-worker legs too, and for the parent of
        // every projection write, which may come in a later batch than the write itself)
        List<ReceivedSpan> all = receiver.awaitSpans(spans -> services(carrying(spans, transactionId))
                .containsAll(Set.of("api-gateway", "worker", "projection")) && carrying(spans, transactionId).stream()
                .filter(s -> s.name().equals("process balance-worker")).count() >= 3
                && everyProjectionWriteHasItsParent(spans, transactionId), WAIT);
        List<ReceivedSpan> transfer = carrying(all, transactionId);
        assertThat(services(transfer)).containsExactlyInAnyOrder("api-gateway", "worker", "projection");
        assertThat(transfer).allSatisfy(span ->
                assertThat(span.attributes()).containsEntry(KafkaTracing.BLNK_TRANSACTION_ID, transactionId));

        // and they all share one trace id
        assertThat(transfer.stream().map(ReceivedSpan::traceId).distinct()).hasSize(1);
        String traceId = transfer.get(0).traceId();
        Map<String, ReceivedSpan> trace = all.stream().filter(s -> s.traceId().equals(traceId))
                .collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));

        // and the chain is: HTTP request → publish → coordinator → balance worker legs → projection write
        ReceivedSpan publish = transfer.stream().filter(s -> s.name().equals("publish ledger.transaction-commands"))
                .findFirst().orElseThrow();
        assertThat(publish.kind()).isEqualTo("SPAN_KIND_PRODUCER");
        ReceivedSpan request = trace.get(publish.parentSpanId());
        assertThat(request).as("parent of the publish span").isNotNull();
        assertThat(request.service()).isEqualTo("api-gateway");
        assertThat(request.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(request.parentSpanId()).as("the HTTP request starts the trace").isEmpty();

        ReceivedSpan coordinator = transfer.stream().filter(s -> s.name().equals("process transaction-coordinator")
                && s.parentSpanId().equals(publish.spanId())).findFirst().orElseThrow();
        assertThat(coordinator.service()).isEqualTo("worker");
        List<ReceivedSpan> legs = transfer.stream().filter(s -> s.name().equals("process balance-worker")).toList();
        assertThat(legs).as("prepare credit, debit, credit").hasSizeGreaterThanOrEqualTo(3);
        assertThat(legs).allSatisfy(leg -> assertThat(trace.get(leg.parentSpanId())).as("parent of %s", leg)
                .isNotNull().extracting(ReceivedSpan::service).isEqualTo("worker"));
        List<ReceivedSpan> writes = transfer.stream().filter(s -> s.service().equals("projection")).toList();
        assertThat(writes).allSatisfy(write -> {
            assertThat(write.name()).isEqualTo("projection write");
            assertThat(trace.get(write.parentSpanId())).as("parent of %s", write).isNotNull()
                    .extracting(ReceivedSpan::service).isEqualTo("worker");
        });
    }

    private static boolean everyProjectionWriteHasItsParent(List<ReceivedSpan> spans, String transactionId) {
        Set<String> received = spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        return carrying(spans, transactionId).stream().filter(s -> s.service().equals("projection"))
                .allMatch(write -> received.contains(write.parentSpanId()));
    }

    @Test
    void pushesBlnkMetricsFromTheWorkerOverOtlp() {
        // given a transfer, so the worker has counted transactions
        String alice = ledger.fundedBalance("500");
        String bob = ledger.createBalance(ledger.createLedger("metrics wallets"), "USD");
        String reference = UUID.randomUUID() + "-metered";
        assertThat(ledger.postTransaction(reference, alice, bob, "200", false).status()).isEqualTo(201);
        ledger.awaitOutcome(reference);

        // then the worker's blnk.transaction counter arrives at the OTLP receiver, tagged with its service
        List<ReceivedMetric> metrics = receiver.awaitMetrics(received -> received.stream().anyMatch(
                m -> m.service().equals("worker") && m.name().equals("blnk.transaction")), WAIT);
        assertThat(metrics).anyMatch(m -> m.service().equals("worker") && m.name().equals("blnk.transaction")
                && m.text().contains("APPLIED"));
        assertThat(metrics).anyMatch(m -> m.service().equals("api-gateway") && m.name().equals("http.server.requests"));
    }
}
