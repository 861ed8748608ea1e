package dev.ledgerline.observability.monitoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.ledgerline.observability.queues.MeterReading;
import dev.ledgerline.observability.queues.RateTracker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/** A service's own meters (names starting with one of its prefixes) and their per-second rates over the last minute. */
public final class OwnMeters {

    private final MeterRegistry registry;
    private final List<String> prefixes;
    private final RateTracker rates = new RateTracker(60_000);

    public OwnMeters(MeterRegistry registry, List<String> prefixes) {
        this.registry = registry;
        this.prefixes = List.copyOf(prefixes);
    }

    /** Ordered by name and tags. */
    public List<MeterReading> read() {
        List<MeterReading> readings = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            if (isOwn(meter.getId().getName())) {
                MeterReading reading = MeterReading.of(meter);
                if (reading != null) {
                    readings.add(reading);
                }
            }
        }
        readings.sort(Comparator.comparing(MeterReading::name).thenComparing(r -> r.tags().toString()));
        return readings;
    }

    // A plain loop: this runs for every meter of the registry (Kafka's included) on every refresh, and a
    // stream per meter showed in the processor's profile.
    private boolean isOwn(String meterName) {
        for (String prefix : prefixes) {
            if (meterName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public double rate(MeterReading reading) {
        return rates.ratePerSecond(reading.key());
    }

    /** Takes a sample of every counting meter (call it at a fixed interval). */
    public void sample() {
        long now = System.currentTimeMillis();
        for (MeterReading reading : read()) {
            if (!Double.isNaN(reading.count())) {
                rates.sample(reading.key(), reading.count(), now);
            }
        }
    }
}
