package dev.ledgerline.observability.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.ledgerline.observability.queues.BacklogJson;
import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.observability.queues.MeterReading;
import dev.ledgerline.observability.queues.PartitionBacklog;

/**
 * Renders a service's {@code /monitoring} page from its {@link MonitoringView}: plain server-side HTML that reloads
 * itself ({@code <meta http-equiv="refresh">}), so it works without JavaScript, with curl and behind any proxy.
 * Sections follow the questions of Blnk's monitoring guide: are queues moving, how fast, how long does processing
 * take, what is rejected and why, are there retries, does delivery keep up.
 */
public final class MonitoringPage {

    private MonitoringPage() {
    }

    public static String render(MonitoringView view, int refreshSeconds) {
        long now = System.currentTimeMillis();
        String title = escape(view.title()) + ": queues";
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">")
                .append("<title>").append(title).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}")
                .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}")
                .append("th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.warn{color:#a40}.muted{color:#777}")
                .append("</style></head><body>\n");
        html.append("<h1>").append(title).append("</h1>\n<p class=\"muted\">Generated ")
                .append(Instant.ofEpochMilli(now)).append(", reloads every ").append(refreshSeconds)
                .append(" s. JSON: <a href=\"/monitoring/api/summary\">/monitoring/api/summary</a>.</p>\n");

        for (MonitoringView.Queue queue : view.queues()) {
            renderQueue(html, queue, now);
        }
        List<MeterReading> meters = view.meters();
        List<MeterReading> shown = new ArrayList<>();
        for (MonitoringView.Section section : view.sections()) {
            List<MeterReading> in = meters.stream().filter(m -> section.names().test(m.name())).toList();
            shown.addAll(in);
            html.append("<h2>").append(escape(section.title())).append("</h2>\n<p class=\"muted\">")
                    .append(escape(section.why())).append("</p>\n");
            renderMeters(html, in, view);
        }
        List<MeterReading> others = meters.stream().filter(m -> !shown.contains(m)).toList();
        html.append("<h2>Other meters</h2>\n");
        renderMeters(html, others, view);
        html.append("</body></html>\n");
        return html.toString();
    }

    /** Everything the page shows, as JSON ({@code GET /monitoring/api/summary}); {@code service} names the service. */
    public static Map<String, Object> summary(MonitoringView view, String service) {
        long now = System.currentTimeMillis();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("service", service);
        json.put("generated_at_ms", now);
        json.put("refresh_interval_ms", view.refreshInterval().toMillis());
        for (MonitoringView.Queue queue : view.queues()) {
            json.put(queue.key(), BacklogJson.of(queue.backlog(), now));
        }
        List<Map<String, Object>> meters = new ArrayList<>();
        for (MeterReading reading : view.meters()) {
            meters.add(reading.toJson(view.rate(reading)));
        }
        json.put("meters", meters);
        return json;
    }

    private static void renderQueue(StringBuilder html, MonitoringView.Queue queue, long now) {
        GroupBacklog queues = queue.backlog();
        html.append("<h2>").append(escape(queue.title())).append("</h2>\n<p class=\"muted\">")
                .append(escape(queue.what())).append(" Consumer group <code>")
                .append(escape(queues.groupId())).append("</code>; read_committed end offset minus committed offset, ")
                .append("transaction markers not counted. As of ")
                .append(queues.computedAtMs() == 0 ? "never" : Instant.ofEpochMilli(queues.computedAtMs()).toString())
                .append(".</p>\n");
        if (queues.error() != null) {
            html.append("<p class=\"warn\">Last refresh failed: ").append(escape(queues.error())).append("</p>\n");
        }
        if (!queues.partitions().isEmpty() && queues.partitions().stream().allMatch(p -> p.committedOffset() < 0)) {
            html.append("<p class=\"warn\">Nothing committed yet by this group: it has not started, or is not "
                    + "configured.</p>\n");
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

    private static void renderMeters(StringBuilder html, List<MeterReading> meters, MonitoringView monitoring) {
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

    public static String escape(String text) {
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
