package dev.ledgerline.projection.queues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.observability.queues.BacklogJson;
import dev.ledgerline.projection.webhooks.DeliveryLane;

/**
 * {@code GET /queues}: the queue views as JSON (a Ledgerline extension; Blnk has only its asynqmon UI).
 * Values are as of the last refresh ({@code refresh_interval_ms}; each part carries {@code computed_at_ms}).
 * {@code webhooks} is the global URL's backlog (when one is set); {@code webhook_subscriptions} and {@code hooks} list
 * each subscription's and active hook's backlog under its id, so an operator sees which endpoint is behind.
 */
@RestController
public class QueuesController {

    private final QueueViews views;

    public QueuesController(QueueViews views) {
        this.views = views;
    }

    @GetMapping("/queues")
    public Map<String, Object> queues() {
        long now = System.currentTimeMillis();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("processor", BacklogJson.of(views.processorQueues(), now));
        QueuedTransactions.Snapshot queued = views.queuedTransactions();
        Map<String, Object> queuedJson = new LinkedHashMap<>();
        queuedJson.put("count", queued.count());
        queuedJson.put("oldest_age_seconds", queued.oldestAgeSeconds(now));
        queuedJson.put("computed_at_ms", queued.computedAtMs());
        json.put("queued_transactions", queuedJson);
        json.put("projection", BacklogJson.of(views.projectionLag(), now));
        views.webhookBacklog().ifPresent(backlog -> json.put("webhooks", BacklogJson.of(backlog, now)));
        List<Map<String, Object>> subscriptions = new ArrayList<>();
        List<Map<String, Object>> hooks = new ArrayList<>();
        for (QueueViews.LaneBacklog lane : views.laneBacklogs()) {
            if (lane.lane().kind() == DeliveryLane.Kind.SUBSCRIPTION) {
                subscriptions.add(endpoint("subscription_id", lane, now));
            } else if (lane.lane().kind() == DeliveryLane.Kind.HOOK) {
                hooks.add(endpoint("hook_id", lane, now));
            }
        }
        json.put("webhook_subscriptions", subscriptions);
        json.put("hooks", hooks);
        json.put("refresh_interval_ms", views.refreshInterval().toMillis());
        return json;
    }

    private static Map<String, Object> endpoint(String idField, QueueViews.LaneBacklog lane, long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(idField, lane.lane().id());
        json.putAll(BacklogJson.of(lane.backlog(), now));
        return json;
    }
}
