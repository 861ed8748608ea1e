package dev.ledgerline.processor.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.observability.queues.MeterReading;
import dev.ledgerline.observability.queues.PartitionBacklog;

/**
 * Renders the worker's {@code /monitoring} page: plain server-side HTML that reloads itself
 * ({@code <meta http-equiv="refresh">}), so it works without JavaScript, with curl and behind any proxy.
 * Sections follow the questions of Blnk's monitoring guide: are queues moving, how fast, how long does
 * processing take, what is rejected and why, are there retries, do inflight commits and voids complete.
 */
final class MonitoringPage {

    /** A titled group of meters, chosen by name. */
    private record Section(String title, String why, Predicate<String> names) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("Throughput", "transaction records written, by status and currency",
                    n -> n.equals("blnk.transaction")),
            new Section("Processing time", "seconds per record / per transaction (mean and recent max)",
                    n -> n.startsWith("blnk.queue.processing") || n.startsWith("blnk.transaction.duration")
                            || n.startsWith("ledgerline.accept.to.applied") || n.startsWith("blnk.transaction.batch")),
            new Section("Rejections by reason", "REJECTED records, by Blnk reason",
                    n -> n.equals("blnk.transaction.rejected")),
            new Section("Retries", "work the worker had to repeat, by reason",
                    n -> n.startsWith("blnk.worker.retries")),
            new Section("Inflight commits and voids", "holds settled",
                    n -> n.startsWith("blnk.inflight.")),
            new Section("Hash chain", "per partition: heads not yet sealed, last seal, age of the oldest unsealed head",
                    n -> n.startsWith("blnk.chain.")));

    private MonitoringPage() {
    }

    static String render(WorkerMonitoring monitoring, int refreshSeconds) {
        long now = System.currentTimeMillis();
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">")
                .append("<title>Ledgerline worker: queues</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}")
                .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}")
                .append("th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.warn{color:#a40}.muted{color:#777}")
                .append("</style></head><body>\n");
        html.append("<h1>Ledgerline worker: queues</h1>\n<p class=\"muted\">Generated ")
                .append(Instant.ofEpochMilli(now)).append(", reloads every ").append(refreshSeconds)
                .append(" s. JSON: <a href=\"/monitoring/api/summary\">/monitoring/api/summary</a>.</p>\n");

        renderQueues(html, monitoring.queues(), now);
        List<MeterReading> meters = monitoring.meters();
        List<MeterReading> shown = new ArrayList<>();
        for (Section section : SECTIONS) {
            List<MeterReading> in = meters.stream().filter(m -> section.names().test(m.name())).toList();
            shown.addAll(in);
            html.append("<h2>").append(escape(section.title())).append("</h2>\n<p class=\"muted\">")
                    .append(escape(section.why())).append("</p>\n");
            renderMeters(html, in, monitoring);
        }
        List<MeterReading> others = meters.stream().filter(m -> !shown.contains(m)).toList();
        html.append("<h2>Other worker meters</h2>\n");
        renderMeters(html, others, monitoring);
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void renderQueues(StringBuilder html, GroupBacklog queues, long now) {
        html.append("<h2>Queues</h2>\n<p class=\"muted\">Records on the processor's input topics that its consumer group <code>")
                .append(escape(queues.groupId())).append("</code> has not processed yet (read_committed end offset minus committed offset; ")
                .append("transaction markers are not counted). As of ")
                .append(queues.computedAtMs() == 0 ? "never" : Instant.ofEpochMilli(queues.computedAtMs()).toString())
                .append(".</p>\n");
        if (queues.error() != null) {
            html.append("<p class=\"warn\">Last refresh failed: ").append(escape(queues.error())).append("</p>\n");
        }
        Map<String, long[]> perTopic = new LinkedHashMap<>();
        Map<String, Double> oldestPerTopic = new LinkedHashMap<>();
        for (PartitionBacklog row : queues.partitions()) {
            perTopic.computeIfAbsent(row.topic(), t -> new long[1])[0] += row.backlog();
            oldestPerTopic.merge(row.topic(), row.oldestAgeSeconds(now), Math::max);
        }
        html.append("<table><tr><th class=\"l\">queue (topic)</th><th>depth</th><th>oldest age (s)</th></tr>\n");
        perTopic.forEach((topic, depth) -> html.append("<tr><td class=\"l\">").append(escape(topic)).append("</td><td>")
                .append(depth[0]).append("</td><td>").append(format(oldestPerTopic.get(topic))).append("</td></tr>\n"));
        html.append("<tr><th class=\"l\">total</th><th>").append(queues.totalBacklog()).append("</th><th>")
                .append(format(queues.oldestAgeSeconds(now))).append("</th></tr></table>\n");

        html.append("<details><summary>Depth per partition</summary><table><tr><th class=\"l\">topic</th><th>partition</th>")
                .append("<th>end offset</th><th>committed offset</th><th>depth</th><th>oldest age (s)</th></tr>\n");
        for (PartitionBacklog row : queues.partitions()) {
            html.append("<tr><td class=\"l\">").append(escape(row.topic())).append("</td><td>").append(row.partition())
                    .append("</td><td>").append(row.endOffset()).append("</td><td>")
                    .append(row.committedOffset() < 0 ? "none" : Long.toString(row.committedOffset()))
                    .append("</td><td>").append(row.backlog()).append("</td><td>")
                    .append(format(row.oldestAgeSeconds(now))).append("</td></tr>\n");
        }
        html.append("</table></details>\n");
    }

    private static void renderMeters(StringBuilder html, List<MeterReading> meters, WorkerMonitoring monitoring) {
        if (meters.isEmpty()) {
            html.append("<p class=\"muted\">none recorded yet</p>\n");
            return;
        }
        TreeSet<String> tagKeys = new TreeSet<>();
        meters.forEach(m -> tagKeys.addAll(m.tags().keySet()));
        tagKeys.remove("service");
        html.append("<table><tr><th class=\"l\">meter</th>");
        tagKeys.forEach(k -> html.append("<th class=\"l\">").append(escape(k)).append("</th>"));
        html.append("<th>total</th><th>per second (1 min)</th><th>mean</th><th>max</th><th>value</th></tr>\n");
        for (MeterReading m : meters) {
            html.append("<tr><td class=\"l\">").append(escape(m.name())).append("</td>");
            tagKeys.forEach(k -> html.append("<td class=\"l\">").append(escape(m.tags().getOrDefault(k, ""))).append("</td>"));
            html.append("<td>").append(format(m.count())).append("</td><td>").append(format(monitoring.rate(m)))
                    .append("</td><td>").append(format(m.mean())).append("</td><td>").append(format(m.max()))
                    .append("</td><td>").append(format(m.value())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String format(Double number) {
        if (number == null || number.isNaN() || number.isInfinite()) {
            return "";
        }
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue());
        }
        return String.format(Locale.ROOT, "%.3f", number);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
