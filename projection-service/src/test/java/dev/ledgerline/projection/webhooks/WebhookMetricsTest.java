package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class WebhookMetricsTest {

    @Test
    void givenTwoSubscriptionsAndTheGlobalUrl_whenOneSubscriptionIsRemoved_thenOnlyItsMetersGo() {
        // Given the global lane and two subscriptions' lanes, each with a delivery
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebhookMetrics global = new WebhookMetrics(registry);
        WebhookMetrics first = WebhookMetrics.forSubscription(registry, "whs_1");
        WebhookMetrics second = WebhookMetrics.forSubscription(registry, "whs_2");
        for (WebhookMetrics metrics : new WebhookMetrics[] {global, first, second}) {
            metrics.attempt("ledger.created", AttemptResult.ofStatus(200), Duration.ofMillis(5));
        }

        // When the first subscription's meters are removed
        first.remove();

        // Then the global meters keep their names without a subscription tag, and only the second's remain tagged
        assertThat(registry.find("ledgerline.webhook.deliveries").counters()).hasSize(1)
                .allSatisfy(c -> assertThat(c.getId().getTag("subscription")).isNull());
        assertThat(registry.find("ledgerline.webhook.subscription.deliveries").counters())
                .extracting(c -> c.getId().getTag("subscription")).containsExactly("whs_2");
        assertThat(registry.find("ledgerline.webhook.subscription.delivery.duration").timers())
                .extracting(t -> t.getId().getTag("subscription")).containsExactly("whs_2");
    }
}
