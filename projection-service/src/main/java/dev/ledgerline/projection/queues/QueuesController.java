package dev.ledgerline.projection.queues;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.observability.queues.BacklogJson;

/**
 * {@code GET /queues}: the queue views as JSON (a Ledgerline extension; Blnk has only its asynqmon UI).
 * Values are as of the last refresh ({@code refresh_interval_ms}; each part carries {@code computed_at_ms}).
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
        json.put("refresh_interval_ms", views.refreshInterval().toMillis());
        return json;
    }
}
