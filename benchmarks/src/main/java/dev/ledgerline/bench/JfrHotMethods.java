package dev.ledgerline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording taken by {@code dev/profile.sh}: the share of execution samples per top frame
 * (self time, the hot methods) and per area of code (the first frame of the stack that belongs to a known
 * area, so that time inside the JDK is charged to whoever called it: Kafka client, RocksDB, Avro, Netty, ...).
 *
 * <pre>java -cp benchmarks.jar dev.ledgerline.bench.JfrHotMethods recording.jfr [top]
 * java -cp benchmarks.jar dev.ledgerline.bench.JfrHotMethods recording.jfr --stacks TEXT [top]</pre>
 * The second form prints the most frequent stacks (12 frames) of the samples with a frame containing TEXT: who
 * calls a hot method.
 */
public final class JfrHotMethods {

    /** Areas by package prefix, most specific first; the first frame (from the top) that matches names the area. */
    static final List<String[]> AREAS = List.of(
            new String[] {"org.rocksdb.", "RocksDB (state stores)"},
            new String[] {"org.apache.avro.", "Avro serde"},
            new String[] {"dev.ledgerline.schemas.", "Avro serde"},
            new String[] {"org.apache.kafka.streams.", "Kafka Streams runtime"},
            new String[] {"org.apache.kafka.clients.producer.", "Kafka producer"},
            new String[] {"org.apache.kafka.clients.consumer.", "Kafka consumer"},
            new String[] {"org.apache.kafka.common.record.", "Kafka record batches (compression, CRC)"},
            new String[] {"org.apache.kafka.", "Kafka client (network, other)"},
            new String[] {"kafka.", "Kafka broker"},
            new String[] {"io.r2dbc.", "R2DBC / PostgreSQL driver"},
            new String[] {"org.postgresql.", "R2DBC / PostgreSQL driver"},
            new String[] {"io.micrometer.", "Micrometer / tracing"},
            new String[] {"io.opentelemetry.", "Micrometer / tracing"},
            new String[] {"io.prometheus.", "Micrometer / tracing"},
            new String[] {"ch.qos.logback.", "Logging"},
            new String[] {"net.logstash.", "Logging"},
            new String[] {"org.slf4j.", "Logging"},
            new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
            new String[] {"tools.jackson.", "JSON (Jackson)"},
            new String[] {"reactor.netty.", "Netty / Reactor Netty (HTTP)"},
            new String[] {"io.netty.", "Netty / Reactor Netty (HTTP)"},
            new String[] {"org.springframework.", "Spring WebFlux"},
            new String[] {"reactor.", "Reactor"},
            new String[] {"dev.ledgerline.core.", "ledger-core (decisions, hash chain)"},
            new String[] {"dev.ledgerline.", "Ledgerline service code"});

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrHotMethods recording.jfr [top]");
            System.exit(2);
        }
        if (args.length > 2 && "--stacks".equals(args[1])) {
            printStacks(Path.of(args[0]), args[2], args.length > 3 ? Integer.parseInt(args[3]) : 8);
            return;
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Summary s = summarise(Path.of(args[0]));
        System.out.printf("%s: %d execution samples%n", args[0], s.samples);
        System.out.println("area                                       share");
        print(s.byArea, s.samples, top);
        System.out.println("hot method (self)                          share");
        print(s.byMethod, s.samples, top);
    }

    record Summary(long samples, Map<String, Long> byArea, Map<String, Long> byMethod) { }

    static Summary summarise(Path file) throws IOException {
        Map<String, Long> byArea = new HashMap<>();
        Map<String, Long> byMethod = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                byMethod.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
                byArea.merge(area(frames), 1L, Long::sum);
            }
        }
        return new Summary(samples, byArea, byMethod);
    }

    static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (String[] a : AREAS) {
                if (type.startsWith(a[0])) {
                    return a[1];
                }
            }
        }
        return "JDK / other";
    }

    private static void printStacks(Path file, String text, int top) throws IOException {
        Map<String, Long> stacks = new HashMap<>();
        long matching = 0;
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.stream().noneMatch(f -> name(f.getMethod()).contains(text))) {
                    continue;
                }
                matching++;
                StringBuilder b = new StringBuilder();
                for (RecordedFrame f : frames.subList(0, Math.min(12, frames.size()))) {
                    b.append("\n      ").append(name(f.getMethod())).append(':').append(f.getLineNumber());
                }
                stacks.merge(b.toString(), 1L, Long::sum);
            }
        }
        System.out.printf("%d of %d samples have a frame containing \"%s\"%n", matching, samples, text);
        List<Map.Entry<String, Long>> rows = new ArrayList<>(stacks.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> r : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.printf("  %d samples:%s%n", r.getValue(), r.getKey());
        }
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static void print(Map<String, Long> counts, long total, int top) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> r : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.printf("  %-80s %5.1f %%%n", r.getKey(), 100.0 * r.getValue() / Math.max(1, total));
        }
    }
}
