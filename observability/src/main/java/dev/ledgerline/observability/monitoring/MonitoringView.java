package dev.ledgerline.observability.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.ledgerline.observability.queues.GroupBacklog;
import dev.ledgerline.observability.queues.MeterReading;

/**
 * What a service's {@code /monitoring} page shows ({@link MonitoringPage}): its queues (consumer-group backlogs) and
 * its own meters, grouped in sections. The worker's page answers Blnk's queue questions; projection-service's answers
 * them for what it delivers (webhooks, hooks) and projects.
 */
public interface MonitoringView {

    /**
     * A consumer group's backlog under a heading, with a line saying what its records are; {@code key} names it in
     * the JSON summary.
     */
    record Queue(String key, String title, String what, GroupBacklog backlog) {
    }

    /** A titled group of meters, chosen by name. */
    record Section(String title, String why, Predicate<String> names) {
    }

    /** e.g. "Ledgerline worker". */
    String title();

    List<Queue> queues();

    List<Section> sections();

    /** The service's own meters, ordered by name and tags. */
    List<MeterReading> meters();

    /** Events per second of a counting meter over the last minute (NaN until two samples exist). */
    double rate(MeterReading reading);

    Duration refreshInterval();
}
