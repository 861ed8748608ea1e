package dev.ledgerline.projection.subscriptions;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.ledgerline.projection.consume.CompactedTopicDirectory;
import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.WebhookSubscriptionRecord;

/**
 * Every webhook subscription, from the compacted {@code ledger.webhook-subscriptions} (their store; this is a view of
 * it, rebuilt from the topic at every start). Listeners ({@link SubscriptionDeliveries}) hear of each change.
 */
@Component
public class SubscriptionDirectory extends CompactedTopicDirectory<WebhookSubscriptionRecord> {

    public SubscriptionDirectory(ConsumerSettings settings) {
        super(settings, Topics.WEBHOOK_SUBSCRIPTIONS, WebhookSubscriptionRecord.class, "webhook-subscription");
    }

    /** Every subscription, oldest first. */
    public List<WebhookSubscriptionRecord> all() {
        List<WebhookSubscriptionRecord> subscriptions = values();
        subscriptions.sort(Comparator.comparingLong(WebhookSubscriptionRecord::getCreatedAtMs)
                .thenComparing(WebhookSubscriptionRecord::getSubscriptionId));
        return subscriptions;
    }
}
