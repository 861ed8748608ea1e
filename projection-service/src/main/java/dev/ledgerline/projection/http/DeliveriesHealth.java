package dev.ledgerline.projection.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ledgerline.projection.queues.QueueViews;
import dev.ledgerline.projection.webhooks.DeliveryLane;
import dev.ledgerline.projection.webhooks.DeliveryState;
import dev.ledgerline.projection.webhooks.LaneHealth;

/**
 * The {@code webhooks} part of {@code /health}: per delivery lane (the global URL, each webhook subscription, each
 * active hook) its {@link DeliveryState} and the age of its oldest undelivered record, and why the service is
 * {@code DEGRADED} when a lane is not {@code ok}. A receiver being down never makes the service {@code DOWN}: the
 * service goes on, and the lane catches up (or dead-letters) on its own.
 */
final class DeliveriesHealth {

    private final List<Map<String, Object>> lanes = new ArrayList<>();
    private final List<String> troubles = new ArrayList<>();

    private DeliveriesHealth() {
    }

    static DeliveriesHealth of(List<QueueViews.LaneBacklog> backlogs, long nowMs) {
        DeliveriesHealth health = new DeliveriesHealth();
        backlogs.forEach(backlog -> health.add(backlog, nowMs));
        return health;
    }

    private void add(QueueViews.LaneBacklog backlog, long nowMs) {
        DeliveryLane lane = backlog.lane();
        LaneHealth health = lane.health();
        DeliveryState state = health.state(nowMs, DeliveryState.DEAD_LETTER_WINDOW);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lane", lane.kind().word());
        if (lane.id() != null) {
            json.put("id", lane.id());
        }
        json.put("state", state.word());
        json.put("oldest_undelivered_age_seconds", backlog.backlog().oldestAgeSeconds(nowMs));
        String who = lane.id() == null ? "the global webhook URL" : lane.kind().word() + " " + lane.id();
        if (health.retryingSinceMs() >= 0) {
            long seconds = Math.max(0, nowMs - health.retryingSinceMs()) / 1000;
            json.put("retrying_for_seconds", seconds);
            if (state == DeliveryState.RETRYING) {
                troubles.add(who + " retrying for " + seconds + " s");
            }
        }
        if (state == DeliveryState.DEAD_LETTERING) {
            long seconds = Math.max(0, nowMs - health.lastDeadLetterMs()) / 1000;
            json.put("last_dead_letter_age_seconds", seconds);
            troubles.add(who + " dead-lettered an event " + seconds + " s ago");
        }
        lanes.add(json);
    }

    /** One entry per lane; empty when this instance delivers nothing. */
    List<Map<String, Object>> lanes() {
        return lanes;
    }

    /** Why {@code /health} is degraded because of deliveries, or empty when every lane is ok. */
    Optional<String> degradedReason() {
        return troubles.isEmpty() ? Optional.empty() : Optional.of("webhook delivery: " + String.join(", ", troubles)
                + " (see /queues; dead letters: dev/webhook-dead-letters.sh list)");
    }
}
