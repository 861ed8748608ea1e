package dev.ledgerline.processor;

import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.subscriptions.SubscriptionLifecycle;
import dev.ledgerline.core.subscriptions.SubscriptionRefusal;
import dev.ledgerline.wire.v1.DeleteWebhookSubscription;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SaveWebhookSubscription;
import dev.ledgerline.wire.v1.WebhookSubscriptionRecord;

/**
 * The ledger registry's part that owns webhook subscriptions (commands keyed by subscription id, so one task decides
 * each): it decides each save and delete ({@link SubscriptionLifecycle}), keeps the subscription in its store and
 * publishes its latest state to the compacted, internal {@code ledger.webhook-subscriptions} (a tombstone for a
 * deleted one), from which projection-service serves and delivers subscriptions. The gateway validated it.
 */
final class WebhookSubscriptionRegistry {

    private final KeyValueStore<String, WebhookSubscriptionRecord> subscriptions;
    private final Emitter emitter;

    WebhookSubscriptionRegistry(KeyValueStore<String, WebhookSubscriptionRecord> subscriptions, Emitter emitter) {
        this.subscriptions = subscriptions;
        this.emitter = emitter;
    }

    void save(String requestId, SaveWebhookSubscription save, Headers headers) {
        String id = save.getSubscriptionId();
        WebhookSubscriptionRecord stored = subscriptions.get(id);
        SubscriptionLifecycle.Saved saved = SubscriptionLifecycle.save(
                Optional.ofNullable(stored).map(WebhookSubscriptionRecord::getCreatedAtMs), save.getCreate(),
                save.getSavedAtMs());
        if (!saved.isAccepted()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, refused(requestId, id, saved.refusal()), headers);
            return;
        }
        WebhookSubscriptionRecord subscription = WebhookSubscriptionRecord.newBuilder()
                .setSubscriptionId(id).setUrl(save.getUrl()).setEvents(save.getEvents())
                .setHeaders(save.getHeaders()).setDescription(save.getDescription())
                .setCreatedAtMs(saved.createdAtMs()).setUpdatedAtMs(save.getSavedAtMs())
                .build();
        subscriptions.put(id, subscription);
        emitter.emit(LedgerTopology.WEBHOOK_SUBSCRIPTIONS_SINK, id, subscription, headers);
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, id), headers);
    }

    void delete(String requestId, DeleteWebhookSubscription delete, Headers headers) {
        String id = delete.getSubscriptionId();
        Optional<SubscriptionRefusal> refusal = SubscriptionLifecycle.delete(subscriptions.get(id) != null);
        if (refusal.isPresent()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, refused(requestId, id, refusal.get()), headers);
            return;
        }
        subscriptions.delete(id);
        emitter.emit(LedgerTopology.WEBHOOK_SUBSCRIPTIONS_SINK, id, null, headers); // tombstone
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, id), headers);
    }

    /** Not ledger rejections: the gateway maps these codes to its subscription errors itself. */
    private static Reply refused(String requestId, String id, SubscriptionRefusal refusal) {
        return Reply.newBuilder().setRequestId(requestId).setOk(false).setCode(refusal.name())
                .setMessage(refusal == SubscriptionRefusal.SUBSCRIPTION_NOT_FOUND ? "subscription not found"
                        : "subscription already exists")
                .setSubjectId(id).setDecidedAtMs(System.currentTimeMillis()).build();
    }
}
