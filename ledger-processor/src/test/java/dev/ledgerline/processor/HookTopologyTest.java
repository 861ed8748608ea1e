package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.DeleteHook;
import dev.ledgerline.wire.v1.HookRecord;
import dev.ledgerline.wire.v1.SaveHook;

/** The ledger registry is the single owner of hooks: it creates, replaces and deletes each, and publishes it. */
class HookTopologyTest {

    private static final String HOOK_ID = "hook_0000";
    private LedgerDriver ledger;
    private TestOutputTopic<String, HookRecord> published;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        published = ledger.driver.createOutputTopic(Topics.HOOKS, new StringDeserializer(),
                AvroSerde.of(HookRecord.class).deserializer());
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    private String save(boolean create, boolean active, long atMs) {
        return ledger.ledgerCommand(HOOK_ID, new SaveHook(HOOK_ID, create, "n", "http://127.0.0.1:1/h",
                "POST_TRANSACTION", active, 30, 2, atMs));
    }

    @Test
    void givenCommandsForOneHook_whenDecided_thenItIsCreatedOnceReplacedAndDeletedAsATombstone() {
        // When a hook is created, created again, updated (still active), deactivated, deleted, and updated after that
        String created = save(true, true, 1_000L);
        String duplicate = save(true, true, 1_500L);
        String updated = save(false, true, 2_000L);
        String deactivated = save(false, false, 3_000L);
        String deleted = ledger.ledgerCommand(HOOK_ID, new DeleteHook(HOOK_ID, 4_000L));
        String afterDelete = save(false, true, 5_000L);
        String deletedAgain = ledger.ledgerCommand(HOOK_ID, new DeleteHook(HOOK_ID, 6_000L));

        // Then each is answered as the single owner decided
        assertThat(ledger.reply(created).getOk()).isTrue();
        assertThat(ledger.reply(duplicate).getCode()).isEqualTo("HOOK_ALREADY_EXISTS");
        assertThat(ledger.reply(updated).getOk()).isTrue();
        assertThat(ledger.reply(deactivated).getOk()).isTrue();
        assertThat(ledger.reply(deleted).getOk()).isTrue();
        assertThat(ledger.reply(afterDelete).getCode()).isEqualTo("HOOK_NOT_FOUND");
        assertThat(ledger.reply(deletedAgain).getCode()).isEqualTo("HOOK_NOT_FOUND");
        // And ledger.hooks holds the hook's states keyed by its id, creation time kept, then a tombstone
        List<KeyValue<String, HookRecord>> states = published.readKeyValuesToList();
        assertThat(states).extracting(kv -> kv.key).containsOnly(HOOK_ID);
        assertThat(states).hasSize(4);
        assertThat(states.get(0).value.getCreatedAtMs()).isEqualTo(1_000L);
        assertThat(states.get(0).value.getActiveSinceMs()).isEqualTo(1_000L);
        assertThat(states.get(1).value.getCreatedAtMs()).isEqualTo(1_000L);
        assertThat(states.get(1).value.getActiveSinceMs()).isEqualTo(1_000L);
        assertThat(states.get(1).value.getUpdatedAtMs()).isEqualTo(2_000L);
        assertThat(states.get(2).value.getActive()).isFalse();
        assertThat(states.get(2).value.getActiveSinceMs()).isNull();
        assertThat(states.get(3).value).isNull();
    }
}
