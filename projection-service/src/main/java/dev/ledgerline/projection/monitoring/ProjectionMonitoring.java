package dev.ledgerline.projection.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.ledgerline.observability.monitoring.MonitoringPage;
import dev.ledgerline.observability.monitoring.MonitoringView;
import dev.ledgerline.observability.monitoring.OwnMeters;
import dev.ledgerline.observability.queues.MeterReading;
import dev.ledgerline.projection.queues.QueueViews;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What projection-service's {@code /monitoring} page shows: the queues it works off (the projection's lag behind the
 * public topics; with webhooks on, the webhook delivery's backlog) and its own meters, grouped by what they answer:
 * do webhooks and hooks get through, how fast, how often retried, what was dead-lettered. In Blnk the same questions
 * are answered by the worker's asynqmon, where webhook and hook tasks queue; here they are delivered by this service.
 * Backlogs and rate samples come from {@link QueueViews}' refresh thread; a page view only reads.
 */
@Component
public class ProjectionMonitoring implements MonitoringView {

    private static final List<Section> SECTIONS = List.of(
            new Section("Webhook deliveries", "attempts by event and outcome, and how long the receiver took",
                    n -> n.startsWith("ledgerline.webhook.deliveries") || n.startsWith("ledgerline.webhook.delivery")),
            new Section("Webhook retries and dead letters", "attempts after an event's first; events set aside "
                    + "after their last attempt (redeliver with dev/webhook-dead-letters.sh); records no event could "
                    + "be made of", n -> n.startsWith("ledgerline.webhook.retries")
                    || n.startsWith("ledgerline.webhook.dead.letters")
                    || n.startsWith("ledgerline.webhook.undecodable")),
            new Section("Transaction hooks", "calls by hook type and outcome, call time, retries, dead letters",
                    n -> n.startsWith("ledgerline.hook.")),
            new Section("Projection", "event records written to PostgreSQL, lag, queued transactions without an "
                    + "outcome yet", n -> n.startsWith("ledgerline.projection.") || n.startsWith("ledgerline.queued.")));

    private final QueueViews views;
    private final OwnMeters meters;

    public ProjectionMonitoring(QueueViews views, MeterRegistry registry) {
        this.views = views;
        this.meters = new OwnMeters(registry, List.of("ledgerline."));
        views.onRefresh(meters::sample);
    }

    @Override
    public String title() {
        return "Ledgerline projection-service";
    }

    @Override
    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        queues.add(new Queue("projection", "Projection lag", "Events on the public topics not yet written to "
                + "PostgreSQL.", views.projectionLag()));
        views.webhookBacklog().ifPresent(backlog -> queues.add(new Queue("webhooks", "Webhooks",
                "Records of the webhook topics not yet delivered or dead-lettered (it grows while a receiver is "
                        + "down).", backlog)));
        return queues;
    }

    @Override
    public List<Section> sections() {
        return SECTIONS;
    }

    @Override
    public List<MeterReading> meters() {
        return meters.read();
    }

    @Override
    public double rate(MeterReading reading) {
        return meters.rate(reading);
    }

    @Override
    public Duration refreshInterval() {
        return views.refreshInterval();
    }

    public Map<String, Object> summary() {
        return MonitoringPage.summary(this, "projection-service");
    }
}
