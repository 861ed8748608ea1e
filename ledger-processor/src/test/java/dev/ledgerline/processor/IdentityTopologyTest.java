package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateIdentity;
import dev.ledgerline.wire.v1.DeleteIdentity;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LinkBalanceIdentity;
import dev.ledgerline.wire.v1.PatchIdentityMetadata;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TokenizeIdentityFields;
import dev.ledgerline.wire.v1.UpdateIdentity;

/**
 * The ledger registry is the single owner of identities: it creates, changes, tokenizes and deletes each, knows
 * which balances name it (so a deletion is refused while one does) and publishes it to ledger.identities.
 */
class IdentityTopologyTest {

    private static final String SEALED_PHONE = "seal:0a1b2c3d:c2VhbGVk";
    private LedgerDriver ledger;
    private TestOutputTopic<String, IdentityRecord> published;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        published = ledger.driver.createOutputTopic(Topics.IDENTITIES, new StringDeserializer(),
                AvroSerde.of(IdentityRecord.class).deserializer());
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    private static String newId() {
        return Ids.identityId(UUID.randomUUID());
    }

    private Reply create(String id) {
        return ledger.reply(ledger.ledgerCommand(id, new CreateIdentity(id,
                Map.of("first_name", "plain:Ada", "phone_number", SEALED_PHONE, "city", "", "nonsense", "x"),
                631_152_000_000L, "{\"tier\":1}", 1_000L)));
    }

    private Reply command(String id, Object payload) {
        return ledger.reply(ledger.ledgerCommand(id, payload));
    }

    @Test
    void givenAnIdentity_whenCreatedTwice_thenTheSecondIsRefusedAsBlnkDoes() {
        String id = newId();

        Reply first = create(id);
        Reply second = create(id);

        assertThat(first.getOk()).isTrue();
        assertThat(first.getIdentity().getFields()).containsOnlyKeys("first_name", "phone_number");
        assertThat(second.getCode()).isEqualTo("IDENTITY_ALREADY_EXISTS");
        assertThat(second.getMessage()).isEqualTo("Identity already exists: " + id);
        assertThat(published.readValuesToList()).hasSize(1);
    }

    @Test
    void givenATokenizedField_whenMetaDataIsReplacedOrPatched_thenTheTokenizedFieldsStay() {
        // Given an identity whose phone number is tokenized
        String id = newId();
        create(id);
        assertThat(command(id, new TokenizeIdentityFields(id, List.of("PhoneNumber"), true, 2_000L)).getOk()).isTrue();

        // When a PUT replaces meta_data and writes a field, and a patch adds a key
        Reply updated = command(id, new UpdateIdentity(id, Map.of("city", "Lagos", "last_name", ""), null,
                "{\"tier\":2}", 3_000L));
        Reply patched = command(id, new PatchIdentityMetadata(id, "{\"kyc\":true,\"tokenized_fields\":{}}", 4_000L));

        // Then each change is a new version with the tokenized field kept apart from meta_data
        assertThat(updated.getOk()).isTrue();
        IdentityRecord last = patched.getIdentity();
        assertThat(last.getTokenizedFields()).containsExactly("PhoneNumber");
        assertThat(last.getMetaDataJson()).isEqualTo("{\"tier\":2,\"kyc\":true}");
        assertThat(last.getFields()).containsEntry("city", "Lagos").containsEntry("first_name", "plain:Ada")
                .doesNotContainKey("last_name");
        assertThat(last.getDobMs()).isEqualTo(631_152_000_000L);
        assertThat(published.readValuesToList()).extracting(IdentityRecord::getVersion).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void givenBlnksCheckOrder_whenTokenizing_thenNotFoundThenAlreadyTokenizedThenDisabled() {
        String id = newId();
        assertThat(command(id, new TokenizeIdentityFields(id, List.of("PhoneNumber"), true, 1L)).getCode())
                .isEqualTo("IDENTITY_NOT_FOUND");
        create(id);
        assertThat(command(id, new TokenizeIdentityFields(id, List.of("PhoneNumber"), false, 2L)).getCode())
                .isEqualTo("TOKENIZATION_DISABLED");
        command(id, new TokenizeIdentityFields(id, List.of("PhoneNumber"), true, 3L));

        Reply again = command(id, new TokenizeIdentityFields(id, List.of("PhoneNumber", "Street"), false, 4L));

        assertThat(again.getCode()).isEqualTo("IDENTITY_FIELD_ALREADY_TOKENIZED");
        assertThat(again.getMessage()).isEqualTo("field PhoneNumber is already tokenized");
    }

    @Test
    void givenBalancesNamingTheIdentity_whenDeleted_thenRefusedUntilNoneDoes() {
        // Given an identity, a balance opened with it and one linked to it
        String id = newId();
        String other = newId();
        create(id);
        create(other);
        String ledgerId = ledger.createLedger("people");
        String opened = Ids.balanceId(UUID.randomUUID());
        ledger.ledgerCommand(ledgerId, new CreateBalance(opened, ledgerId, "USD", null, id, "{}", 1L, null));
        String linked = ledger.createBalance(ledgerId, "USD");
        assertThat(command(id, new LinkBalanceIdentity(id, linked, 5_000L)).getOk()).isTrue();

        // Then the deletion is refused while any of them names it
        assertThat(command(id, new DeleteIdentity(id, 6_000L)).getCode()).isEqualTo("IDENTITY_IN_USE");
        // When both balances are linked to another identity
        assertThat(command(other, new LinkBalanceIdentity(other, opened, 7_000L)).getOk()).isTrue();
        assertThat(command(other, new LinkBalanceIdentity(other, linked, 7_001L)).getOk()).isTrue();

        // Then the first identity can be deleted, and its last record carries no personal data
        Reply deleted = command(id, new DeleteIdentity(id, 8_000L));
        assertThat(deleted.getOk()).isTrue();
        assertThat(deleted.getIdentity().getDeleted()).isTrue();
        assertThat(deleted.getIdentity().getFields()).isEmpty();
        assertThat(command(id, new DeleteIdentity(id, 9_000L)).getCode()).isEqualTo("IDENTITY_NOT_FOUND");
        assertThat(command(other, new DeleteIdentity(other, 9_000L)).getCode()).isEqualTo("IDENTITY_IN_USE");
        // And the balance's chain records the change of identity
        List<BalanceEntry> linkedEntries = ledger.entries().stream()
                .filter(entry -> entry.getBalanceId().equals(linked)).toList();
        assertThat(linkedEntries).extracting(BalanceEntry::getKind)
                .containsExactly(EntryKind.OPEN, EntryKind.IDENTITY, EntryKind.IDENTITY);
        assertThat(linkedEntries.get(2).getIdentityId()).isEqualTo(other);
        assertThat(linkedEntries.get(2).getBalance()).isEqualTo("0");
    }

    @Test
    void givenAMissingIdentityOrBalance_whenLinked_thenBalanceNotFound_andNothingKeepsTheIdentity() {
        String id = newId();
        String balance = Ids.balanceId(UUID.randomUUID());
        assertThat(command(id, new LinkBalanceIdentity(id, balance, 1L)).getCode()).isEqualTo("BALANCE_NOT_FOUND");

        create(id);
        assertThat(command(id, new LinkBalanceIdentity(id, balance, 2L)).getCode()).isEqualTo("BALANCE_NOT_FOUND");

        assertThat(command(id, new DeleteIdentity(id, 3L)).getOk()).isTrue();
    }

    @Test
    void givenNoSuchIdentity_whenABalanceNamesIt_thenRefusedAndNoBalanceOpens() {
        // given a ledger and an identity that was never created, and one that was deleted
        String ledgerId = ledger.createLedger("people");
        String missing = newId();
        String deleted = newId();
        create(deleted);
        assertThat(command(deleted, new DeleteIdentity(deleted, 2L)).getOk()).isTrue();

        // when balances naming them are created
        String first = Ids.balanceId(UUID.randomUUID());
        String second = Ids.balanceId(UUID.randomUUID());
        Reply refused = command(ledgerId, new CreateBalance(first, ledgerId, "USD", null, missing, "{}", 3L, null));
        Reply refusedToo = command(ledgerId, new CreateBalance(second, ledgerId, "USD", null, deleted, "{}", 3L, null));

        // then both are refused as a missing identity and neither balance exists
        assertThat(refused.getOk()).isFalse();
        assertThat(refused.getCode()).isEqualTo("IDENTITY_NOT_FOUND");
        assertThat(refused.getMessage()).contains(missing);
        assertThat(refusedToo.getCode()).isEqualTo("IDENTITY_NOT_FOUND");
        assertThat(ledger.entries()).noneMatch(e -> e.getBalanceId().equals(first) || e.getBalanceId().equals(second));
    }

    @Test
    void givenABalanceNamingTheIdentity_whenItsCreationIsAnswered_thenTheIdentityAlreadyKnowsIt() {
        // given an identity
        String id = newId();
        create(id);
        String ledgerId = ledger.createLedger("people");

        // when a balance naming it is created, and a second attempt with the same balance id is refused
        String balance = Ids.balanceId(UUID.randomUUID());
        Reply opened = command(ledgerId, new CreateBalance(balance, ledgerId, "USD", null, id, "{}", 3L, null));
        Reply again = command(ledgerId, new CreateBalance(balance, ledgerId, "USD", null, id, "{}", 4L, null));

        // then the balance opened naming it, the refused repeat did not take the note back, and a deletion is refused
        assertThat(opened.getOk()).isTrue();
        assertThat(again.getOk()).isFalse();
        assertThat(ledger.entries()).filteredOn(e -> e.getBalanceId().equals(balance))
                .extracting(BalanceEntry::getIdentityId).containsExactly(id);
        assertThat(command(id, new DeleteIdentity(id, 5L)).getCode()).isEqualTo("IDENTITY_IN_USE");
    }
}
