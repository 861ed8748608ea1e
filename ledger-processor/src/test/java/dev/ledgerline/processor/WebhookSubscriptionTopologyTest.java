package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.DeleteWebhookSubscription;
import dev.ledgerline.wire.v1.SaveWebhookSubscription;
import dev.ledgerline.wire.v1.WebhookSubscriptionRecord;

/** The ledger registry is the single owner of webhook subscriptions: it creates, replaces and deletes each. */
class WebhookSubscriptionTopologyTest {

    private static final String ID = "whs_0000";
    private LedgerDriver ledger;
    private TestOutputTopic<String, WebhookSubscriptionRecord> published;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        published = ledger.driver.createOutputTopic(Topics.WEBHOOK_SUBSCRIPTIONS, new StringDeserializer(),
                AvroSerde.of(WebhookSubscriptionRecord.class).deserializer());
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    private String save(boolean create, String event, long atMs) {
        return ledger.ledgerCommand(ID, new SaveWebhookSubscription(ID, create, "http://127.0.0.1:1/s",
                List.of(event), Map.of("X-Team", "t"), "d", atMs));
    }

    @Test
    void givenCommandsForOneSubscription_whenDecided_thenItIsCreatedOnceReplacedAndDeletedAsATombstone() {
        // When a subscription is created, created again, replaced, deleted, replaced after that and deleted again
        String created = save(true, "ledger.created", 1_000L);
        String duplicate = save(true, "ledger.created", 1_500L);
        String updated = save(false, "transaction.applied", 2_000L);
        String deleted = ledger.ledgerCommand(ID, new DeleteWebhookSubscription(ID, 3_000L));
        String afterDelete = save(false, "*", 4_000L);
        String deletedAgain = ledger.ledgerCommand(ID, new DeleteWebhookSubscription(ID, 5_000L));

        // Then each is answered as the single owner decided
        assertThat(ledger.reply(created).getOk()).isTrue();
        assertThat(ledger.reply(duplicate).getCode()).isEqualTo("SUBSCRIPTION_ALREADY_EXISTS");
        assertThat(ledger.reply(updated).getOk()).isTrue();
        assertThat(ledger.reply(deleted).getOk()).isTrue();
        assertThat(ledger.reply(afterDelete).getCode()).isEqualTo("SUBSCRIPTION_NOT_FOUND");
        assertThat(ledger.reply(deletedAgain).getCode()).isEqualTo("SUBSCRIPTION_NOT_FOUND");
        // And the topic holds its states keyed by its id, the creation time kept across the update, then a tombstone
        List<KeyValue<String, WebhookSubscriptionRecord>> states = published.readKeyValuesToList();
        assertThat(states).extracting(kv -> kv.key).containsOnly(ID);
        assertThat(states).hasSize(3);
        assertThat(states.get(0).value.getCreatedAtMs()).isEqualTo(1_000L);
        assertThat(states.get(1).value.getCreatedAtMs()).isEqualTo(1_000L);
        assertThat(states.get(1).value.getUpdatedAtMs()).isEqualTo(2_000L);
        assertThat(states.get(1).value.getEvents()).extracting(CharSequence::toString)
                .containsExactly("transaction.applied");
        assertThat(states.get(2).value).isNull();
    }
}
