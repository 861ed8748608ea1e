package dev.ledgerline.projection.webhooks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.ledgerline.projection.hooks.HookDeliveries;
import dev.ledgerline.projection.subscriptions.SubscriptionDeliveries;

/**
 * Every delivery lane this instance runs, for {@code /queues} and {@code /health}: the global URL's (when
 * {@code BLNK_WEBHOOK_URL} is set), one per webhook subscription, one per active transaction hook.
 */
@Component
public class DeliveryLanes {

    private final WebhookDelivery global;
    private final SubscriptionDeliveries subscriptions;
    private final HookDeliveries hooks;

    public DeliveryLanes(WebhookDelivery global, SubscriptionDeliveries subscriptions, HookDeliveries hooks) {
        this.global = global;
        this.subscriptions = subscriptions;
        this.hooks = hooks;
    }

    /** The global URL's lane first, then the subscriptions', then the hooks'. */
    public List<DeliveryLane> all() {
        List<DeliveryLane> all = new ArrayList<>(global.lanes());
        all.addAll(subscriptions.lanes());
        all.addAll(hooks.lanes());
        return all;
    }
}
