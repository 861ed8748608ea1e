package dev.ledgerline.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.core.identity.StoredPii;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LedgerRecord;

/**
 * Identity reads on real parts: identities published sealed on ledger.identities are stored sealed, served opened,
 * shown as tokens once tokenized, detokenized with Blnk's checks, embedded in a balance, and refused as filters on
 * personal fields.
 */
class IdentityQueryApiTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Optional<PiiKeyring> KEYS = PiiKeyring.of(SECRET, List.of());
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static ProjectionStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new ProjectionStack("identity-query-test", "--blnk.tokenization-secret=" + SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static IdentityRecord identity(String id, String phone, long version, List<String> tokenized) {
        Map<String, String> fields = new HashMap<>();
        fields.put("identity_type", "individual");
        fields.put("first_name", StoredPii.store("Ada", id, IdentityField.FIRST_NAME, KEYS, new SecureRandom()));
        fields.put("phone_number", StoredPii.store(phone, id, IdentityField.PHONE_NUMBER, KEYS, new SecureRandom()));
        fields.put("country", "NG");
        return IdentityRecord.newBuilder().setIdentityId(id).setFields(fields).setDobMs(631_152_000_000L)
                .setMetaDataJson("{\"tier\":1}").setTokenizedFields(tokenized).setCreatedAtMs(1_700_000_000_000L)
                .setUpdatedAtMs(1_700_000_000_000L + version).setVersion(version).setDeleted(false).build();
    }

    private static void publish(String topic, String key, byte[] value) {
        stack.producer.beginTransaction();
        stack.producer.send(new ProducerRecord<>(topic, key, value));
        stack.producer.commitTransaction();
    }

    private static void eventually(Runnable assertion) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion::run);
    }

    @Test
    void givenASealedIdentity_whenRead_thenItsFieldsAreOpenedButStoredSealed() throws Exception {
        // Given an identity with a sealed phone number on ledger.identities
        String id = Ids.identityId(UUID.randomUUID());
        publish(Topics.IDENTITIES, id, AvroSerde.of(IdentityRecord.class).encode(identity(id, "+2348000000001", 0,
                List.of())));

        // Then GET shows it in Blnk's shape, opened
        eventually(() -> stack.http.get().uri("/identities/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.identity_id").isEqualTo(id)
                .jsonPath("$.first_name").isEqualTo("Ada")
                .jsonPath("$.phone_number").isEqualTo("+2348000000001")
                .jsonPath("$.identity_type").isEqualTo("individual")
                .jsonPath("$.last_name").isEqualTo("")
                .jsonPath("$.dob").isEqualTo("1990-01-01T00:00:00Z")
                .jsonPath("$.meta_data.tier").isEqualTo(1)
                .jsonPath("$.meta_data.tokenized_fields").doesNotExist());
        // And PostgreSQL holds no clear text of it
        assertThat(tableText()).doesNotContain("+2348000000001").doesNotContain("Ada");
        // And filters on clear fields work while personal ones are refused with a reason
        stack.http.get().uri("/identities?identity_id_eq=" + id + "&country_eq=NG").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
        stack.http.get().uri("/identities?phone_number_eq=1").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(message ->
                        assertThat((String) message).contains("sealed personal data"));
    }

    @Test
    void givenATokenizedPhone_whenRead_thenAFreshTokenIsShownAndDetokenizeOpensIt() {
        // Given an identity whose phone number (with colons) is tokenized
        String id = Ids.identityId(UUID.randomUUID());
        publish(Topics.IDENTITIES, id, AvroSerde.of(IdentityRecord.class).encode(identity(id, "+1:555:0100", 1,
                List.of("PhoneNumber"))));

        // Then GET shows a token in its place and marks it in meta_data
        eventually(() -> stack.http.get().uri("/identities/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.phone_number").value(token -> assertThat((String) token).startsWith("tok_")
                        .doesNotContain("555"))
                .jsonPath("$.meta_data.tokenized_fields.PhoneNumber").isEqualTo(true)
                .jsonPath("$.first_name").isEqualTo("Ada"));
        stack.http.get().uri("/identities/" + id + "/tokenized-fields").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.tokenized_fields[0]").isEqualTo("PhoneNumber");
        // And detokenize gives the value back, by PascalCase or lowerCamel name
        stack.http.get().uri("/identities/" + id + "/detokenize/phoneNumber").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.field").isEqualTo("phoneNumber").jsonPath("$.value").isEqualTo("+1:555:0100");
        stack.http.post().uri("/identities/" + id + "/detokenize").bodyValue(Map.of("fields", List.of()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.fields.PhoneNumber").isEqualTo("+1:555:0100");
        // And a field that is not tokenized is refused without dumping meta_data
        stack.http.get().uri("/identities/" + id + "/detokenize/FirstName").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_detail.code").isEqualTo("IDT_FIELD_NOT_TOKENIZED")
                .jsonPath("$.error").isEqualTo("field FirstName is not tokenized");
        stack.http.post().uri("/identities/" + id + "/detokenize").bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest();
        stack.http.get().uri("/identities/idt_missing").exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.error_detail.code").isEqualTo("IDT_NOT_FOUND");
    }

    @Test
    void givenABalanceWithAndWithoutAnIdentity_whenIncluded_thenItIsEmbeddedOrLeftOutWithout500() {
        // Given a ledger, an identity and two balances, one of which names the identity
        String id = Ids.identityId(UUID.randomUUID());
        String ledgerId = "ldg_" + UUID.randomUUID();
        String named = "bln_" + UUID.randomUUID();
        String anonymous = "bln_" + UUID.randomUUID();
        publish(Topics.IDENTITIES, id, AvroSerde.of(IdentityRecord.class).encode(identity(id, "+2348000000002", 0,
                List.of())));
        publish(Topics.LEDGERS, ledgerId, AvroSerde.of(LedgerRecord.class).encode(Events.ledger(ledgerId, "people")));
        BalanceEntry withIdentity = Events.open(named, null, "NGN");
        withIdentity.setLedgerId(ledgerId);
        withIdentity.setIdentityId(id);
        BalanceEntry withoutIdentity = Events.open(anonymous, null, "NGN");
        withoutIdentity.setLedgerId(ledgerId);
        publish(Topics.ENTRIES, named, AvroSerde.of(BalanceEntry.class).encode(withIdentity));
        publish(Topics.ENTRIES, anonymous, AvroSerde.of(BalanceEntry.class).encode(withoutIdentity));

        // Then include=identity&include=ledger embeds both, without identity_type and meta_data
        eventually(() -> stack.http.get().uri("/balances/" + named + "?include=identity&include=ledger").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.balance_id").isEqualTo(named)
                .jsonPath("$.identity.identity_id").isEqualTo(id)
                .jsonPath("$.identity.phone_number").isEqualTo("+2348000000002")
                .jsonPath("$.identity.identity_type").doesNotExist()
                .jsonPath("$.identity.meta_data").doesNotExist()
                .jsonPath("$.ledger.name").isEqualTo("people")
                .jsonPath("$.ledger.meta_data").doesNotExist());
        // And a balance without an identity simply has none
        eventually(() -> stack.http.get().uri("/balances/" + anonymous + "?include=identity").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.balance_id").isEqualTo(anonymous)
                .jsonPath("$.identity").doesNotExist());
    }

    private static String tableText() throws Exception {
        try (Connection connection = stack.postgres.getDatabase("postgres", "ledgerline").getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT i::text FROM identities i")) {
            StringBuilder text = new StringBuilder();
            while (rows.next()) {
                text.append(rows.getString(1)).append('\n');
            }
            return text.toString();
        }
    }
}
