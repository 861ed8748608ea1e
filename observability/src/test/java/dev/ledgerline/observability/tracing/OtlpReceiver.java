package dev.ledgerline.observability.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * A real OTLP/HTTP receiver for tests: a JDK HTTP server on 127.0.0.1 that accepts protobuf exports on
 * {@code /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}, decodes them with the OpenTelemetry proto
 * classes and keeps what arrived, with the request headers, for assertions. Closing it stops the server.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span as received, with its service (resource {@code service.name}) and attributes as strings. */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            String kind, Map<String, String> attributes) {
    }

    /** One metric as received (its name as exported, e.g. {@code blnk.transaction}) with its service. */
    public record ReceivedMetric(String service, String name, String text) {
    }

    /** One log record as received. */
    public record ReceivedLog(String service, String severity, String body, String traceId,
            Map<String, String> attributes) {
    }

    /** The headers of one export request (names lower-cased) and the signal it carried. */
    public record ReceivedRequest(String path, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();
    private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    /** Everything received, decoded to text: redaction is asserted on this. */
    private final StringBuffer everything = new StringBuffer();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver on a free port of 127.0.0.1. */
    public static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "otlp-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return receiver;
    }

    /** {@code http://127.0.0.1:<port>}, the base of the three OTLP paths. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedMetric> metrics() {
        return List.copyOf(metrics);
    }

    public List<ReceivedLog> logs() {
        return List.copyOf(logs);
    }

    public List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Text form of every payload received so far. */
    public String everythingReceived() {
        return everything.toString();
    }

    /** Waits until {@code done} holds for the spans received (or the timeout passes); returns the last list. */
    public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> done, Duration timeout) {
        return await(this::spans, done, timeout);
    }

    public List<ReceivedMetric> awaitMetrics(Predicate<List<ReceivedMetric>> done, Duration timeout) {
        return await(this::metrics, done, timeout);
    }

    public List<ReceivedLog> awaitLogs(Predicate<List<ReceivedLog>> done, Duration timeout) {
        return await(this::logs, done, timeout);
    }

    private static <T> List<T> await(java.util.function.Supplier<List<T>> current, Predicate<List<T>> done,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> last = current.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = current.get();
        }
        return last;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            byte[] body = read(exchange);
            int status = 200;
            Runnable keep = null;
            try {
                if (path.endsWith("/v1/traces")) {
                    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                    keep = () -> traces(request);
                } else if (path.endsWith("/v1/metrics")) {
                    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
                    keep = () -> metrics(request);
                } else if (path.endsWith("/v1/logs")) {
                    ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
                    keep = () -> logs(request);
                } else {
                    status = 404;
                }
            } catch (IOException malformed) {
                status = 400;
            }
            if (status == 200) {
                // the request first, then its content: a test that saw the content may then expect the request
                requests.add(new ReceivedRequest(path, headers));
                keep.run();
            }
            // an empty Export*ServiceResponse encodes to zero bytes
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        try (InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(exchange.getRequestBody())
                : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private void traces(ExportTraceServiceRequest request) {
        everything.append(request).append('\n');
        HexFormat hex = HexFormat.of();
        request.getResourceSpansList().forEach(resourceSpans -> {
            String service = serviceName(resourceSpans.getResource());
            resourceSpans.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> spans.add(
                    new ReceivedSpan(service, hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()), span.getName(),
                            span.getKind().name(), attributes(span.getAttributesList())))));
        });
    }

    private void metrics(ExportMetricsServiceRequest request) {
        everything.append(request).append('\n');
        request.getResourceMetricsList().forEach(resourceMetrics -> {
            String service = serviceName(resourceMetrics.getResource());
            resourceMetrics.getScopeMetricsList().forEach(scope -> scope.getMetricsList().forEach(
                    metric -> metrics.add(new ReceivedMetric(service, metric.getName(), metric.toString()))));
        });
    }

    private void logs(ExportLogsServiceRequest request) {
        everything.append(request).append('\n');
        HexFormat hex = HexFormat.of();
        request.getResourceLogsList().forEach(resourceLogs -> {
            String service = serviceName(resourceLogs.getResource());
            resourceLogs.getScopeLogsList().forEach(scope -> scope.getLogRecordsList().forEach(log -> logs.add(
                    new ReceivedLog(service, log.getSeverityText(), text(log.getBody()),
                            hex.formatHex(log.getTraceId().toByteArray()), attributes(log.getAttributesList())))));
        });
    }

    private static String serviceName(Resource resource) {
        return attributes(resource.getAttributesList()).get("service.name");
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            attributes.put(keyValue.getKey(), text(keyValue.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> {
                List<String> items = new ArrayList<>();
                value.getArrayValue().getValuesList().forEach(item -> items.add(text(item)));
                yield items.toString();
            }
            default -> value.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
