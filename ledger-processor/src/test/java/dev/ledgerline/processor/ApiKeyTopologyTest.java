package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.ApiKeyRecord;
import dev.ledgerline.wire.v1.CreateApiKey;
import dev.ledgerline.wire.v1.RevokeApiKey;

/** The ledger registry is the single owner of API keys: it creates each once and revokes it for its owner only. */
class ApiKeyTopologyTest {

    private static final String KEY_ID = "api_key_0000";
    private LedgerDriver ledger;
    private TestOutputTopic<String, ApiKeyRecord> published;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        published = ledger.driver.createOutputTopic(Topics.API_KEYS, new StringDeserializer(),
                AvroSerde.of(ApiKeyRecord.class).deserializer());
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    private String create() {
        return ledger.ledgerCommand(KEY_ID, new CreateApiKey(KEY_ID, "d".repeat(64), "ci", "owner-a",
                List.of("transactions:read"), 2_000_000_000_000L, 1_000L));
    }

    @Test
    void aKeyIsCreatedOncePublishedAsItsDigestAndRevokedOnlyByItsOwnerForGood() {
        // When a key is created, created again, revoked by another owner, by its owner, and by its owner again
        String created = create();
        String duplicate = create();
        String foreign = ledger.ledgerCommand(KEY_ID, new RevokeApiKey(KEY_ID, "owner-b", 5_000L));
        String revoked = ledger.ledgerCommand(KEY_ID, new RevokeApiKey(KEY_ID, "owner-a", 6_000L));
        String again = ledger.ledgerCommand(KEY_ID, new RevokeApiKey(KEY_ID, "owner-a", 7_000L));

        // Then each is answered as the single owner decided
        assertThat(ledger.reply(created).getOk()).isTrue();
        assertThat(ledger.reply(duplicate).getCode()).isEqualTo("API_KEY_ALREADY_EXISTS");
        assertThat(ledger.reply(foreign).getCode()).isEqualTo("API_KEY_NOT_FOUND");
        assertThat(ledger.reply(revoked).getOk()).isTrue();
        assertThat(ledger.reply(again).getOk()).isTrue();
        // And ledger.api-keys holds the key's states, keyed by its id: created, revoked (at the first revocation)
        List<ApiKeyRecord> states = published.readValuesToList();
        assertThat(states).extracting(ApiKeyRecord::getRevoked).containsExactly(false, true, true);
        assertThat(states).extracting(ApiKeyRecord::getRevokedAtMs).containsExactly(null, 6_000L, 6_000L);
        assertThat(states.get(0).getKeyDigest()).isEqualTo("d".repeat(64));
        assertThat(states.get(0).getOwnerId()).isEqualTo("owner-a");
    }
}
