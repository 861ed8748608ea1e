package dev.ledgerline.observability.queues;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

/**
 * One meter's current values, as a monitoring page shows them.
 *
 * @param name  Micrometer name ({@code blnk.transaction.rejected}; Prometheus adds underscores and suffixes)
 * @param kind  counter, timer, summary or gauge
 * @param count events so far (counters, timers, summaries); NaN for gauges
 * @param total total time in seconds (timers) or total amount (summaries); NaN otherwise
 * @param max   recent maximum (timers in seconds, summaries); NaN otherwise
 * @param value the gauge's value; NaN otherwise
 */
public record MeterReading(String name, SortedMap<String, String> tags, String kind, double count, double total,
                           double max, double value) {

    /** The reading of {@code meter}, or null for kinds a page does not show (long task timers, custom meters). */
    public static MeterReading of(Meter meter) {
        String name = meter.getId().getName();
        SortedMap<String, String> tags = new TreeMap<>();
        for (Tag tag : meter.getId().getTags()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        if (meter instanceof Counter c) {
            return new MeterReading(name, tags, "counter", c.count(), Double.NaN, Double.NaN, Double.NaN);
        }
        if (meter instanceof FunctionCounter c) {
            return new MeterReading(name, tags, "counter", c.count(), Double.NaN, Double.NaN, Double.NaN);
        }
        if (meter instanceof Timer t) {
            return new MeterReading(name, tags, "timer", t.count(), t.totalTime(TimeUnit.SECONDS),
                    t.max(TimeUnit.SECONDS), Double.NaN);
        }
        if (meter instanceof FunctionTimer t) {
            return new MeterReading(name, tags, "timer", t.count(), t.totalTime(TimeUnit.SECONDS), Double.NaN, Double.NaN);
        }
        if (meter instanceof DistributionSummary s) {
            return new MeterReading(name, tags, "summary", s.count(), s.totalAmount(), s.max(), Double.NaN);
        }
        if (meter instanceof Gauge g) {
            return new MeterReading(name, tags, "gauge", Double.NaN, Double.NaN, Double.NaN, g.value());
        }
        return null;
    }

    /** Identity of the time series: name and tags. */
    public String key() {
        return name + tags;
    }

    /** Mean in seconds (timers) or amount (summaries); NaN when nothing was recorded. */
    public double mean() {
        return count > 0 && !Double.isNaN(total) ? total / count : Double.NaN;
    }

    /** JSON with snake_case names; NaN values are left out. */
    public Map<String, Object> toJson(double ratePerSecond) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("kind", kind);
        json.put("tags", tags);
        putNumber(json, "count", count);
        putNumber(json, "rate_per_second", ratePerSecond);
        putNumber(json, "total", total);
        putNumber(json, "mean", mean());
        putNumber(json, "max", max);
        putNumber(json, "value", value);
        return json;
    }

    private static void putNumber(Map<String, Object> json, String key, double number) {
        if (!Double.isNaN(number) && !Double.isInfinite(number)) {
            json.put(key, number);
        }
    }
}
