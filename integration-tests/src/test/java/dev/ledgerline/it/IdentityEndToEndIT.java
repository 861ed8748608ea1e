package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.identities.IdentityCommands;
import dev.ledgerline.it.Http.Response;

/*
 * Goal: Blnk's identity routes answer as Blnk does (with its bugs fixed) through the whole stack: the processor
 * decides every write, so duplicates, unknown identities or balances and deletions of a named identity are refused
 * by the owner, never from the read model. Method: the real stack, HTTP only (and the gateway's
 * IdentityCommands.patchMetadata, which POST /{id}/metadata uses).
 */
class IdentityEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void setUp() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    private static String url(String path) {
        return stack.gateway() + path;
    }

    private static String create(String json) {
        Response created = Http.post(url("/identities"), json);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("identity_id").asString();
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.body().at("/error_detail/code").asString()).as(response.raw()).isEqualTo(code);
    }

    @Test
    void a_chosen_id_is_validated_and_a_duplicate_is_refused_as_blnk_refuses_it() {
        // Given an identity created under a chosen id
        String id = "idt_" + UUID.randomUUID();
        assertThat(create("{\"identity_id\":\"" + id + "\",\"identity_type\":\"organization\"}")).isEqualTo(id);

        // When the same id is used again, or an id that is no idt_ UUID
        Response duplicate = Http.post(url("/identities"), "{\"identity_id\":\"" + id + "\"}");
        Response malformed = Http.post(url("/identities"), "{\"identity_id\":\"idt_123\"}");

        // Then both are Blnk's 400 IDT_VALIDATION_ERROR
        assertError(duplicate, 400, "IDT_VALIDATION_ERROR");
        assertThat(duplicate.body().get("error").asString()).isEqualTo("Identity already exists: " + id);
        assertError(malformed, 400, "IDT_VALIDATION_ERROR");
        assertError(Http.post(url("/identities"), "{\"dob\":\"1990-01-01\"}"), 400, "GEN_MALFORMED_REQUEST");
    }

    @Test
    void updates_follow_blnks_rules_and_never_wipe_the_tokenized_fields() {
        // Given an identity whose email address is tokenized
        String id = create("{\"identity_type\":\"individual\",\"email_address\":\"ada@example.com\",\"city\":\"Lagos\","
                + "\"meta_data\":{\"tier\":1}}");
        assertThat(Http.post(url("/identities/" + id + "/tokenize/emailAddress"), "").status()).isEqualTo(200);

        // When meta_data is replaced, an empty field sent, and metadata patched by the gateway's single owner call
        Response updated = Http.put(url("/identities/" + id), "{\"city\":\"\",\"country\":\"NG\",\"meta_data\":{\"tier\":2}}");
        ObjectNode patch = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode().put("kyc", true);
        ObjectNode merged = stack.gatewayBean(IdentityCommands.class).patchMetadata(id, patch).block(WAIT);

        // Then Blnk's message, the empty field not written, and tokenized_fields kept in meta_data
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().get("message").asString()).isEqualTo("Identity updated successfully");
        assertThat(merged.toString()).isEqualTo("{\"tier\":2,\"kyc\":true,\"tokenized_fields\":{\"EmailAddress\":true}}");
        Response read = Http.await(url("/identities/" + id),
                r -> r.status() == 200 && r.body().at("/meta_data/kyc").asBoolean(), WAIT);
        assertThat(read.body().get("city").asString()).isEqualTo("Lagos");
        assertThat(read.body().get("country").asString()).isEqualTo("NG");
        assertThat(read.body().get("email_address").asString()).startsWith("tok_");
        assertThat(read.body().at("/meta_data/tokenized_fields/EmailAddress").asBoolean()).isTrue();
        // And nothing to write, an unknown identity and Blnk's tokenization refusals
        assertError(Http.put(url("/identities/" + id), "{\"first_name\":\"\"}"), 400, "GEN_BAD_REQUEST");
        assertError(Http.put(url("/identities/idt_" + UUID.randomUUID()), "{\"city\":\"x\"}"), 404, "IDT_NOT_FOUND");
        assertError(Http.post(url("/identities/" + id + "/tokenize/email_address"), ""), 400, "IDT_FIELD_NOT_TOKENIZABLE");
        assertError(Http.post(url("/identities/" + id + "/tokenize"), "{\"fields\":[]}"), 400, "GEN_VALIDATION_ERROR");
        assertError(Http.post(url("/identities/idt_" + UUID.randomUUID() + "/tokenize/Street"), ""), 404, "IDT_NOT_FOUND");
    }

    @Test
    void a_balance_names_an_identity_through_its_owner_and_keeps_it_from_being_deleted() {
        // Given a balance and two identities
        String balance = ledger.createBalance(ledger.createLedger("identities-" + UUID.randomUUID()), "NGN");
        String first = create("{\"identity_type\":\"individual\",\"first_name\":\"Ada\"}");
        String second = create("{\"identity_type\":\"individual\",\"first_name\":\"Grace\"}");

        // Then an unknown identity or balance is Blnk's 404 BAL_NOT_FOUND
        assertError(Http.put(url("/balances/" + balance + "/identity"), "{\"identity_id\":\"idt_" + UUID.randomUUID()
                + "\"}"), 404, "BAL_NOT_FOUND");
        assertError(Http.put(url("/balances/bln_" + UUID.randomUUID() + "/identity"), "{\"identity_id\":\"" + first
                + "\"}"), 404, "BAL_NOT_FOUND");
        // and a new balance cannot name an identity that does not exist, while one naming the first opens at once
        String ledgerId = ledger.createLedger("identities-new-" + UUID.randomUUID());
        assertError(Http.post(url("/balances"), "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"NGN\","
                + "\"identity_id\":\"idt_" + UUID.randomUUID() + "\"}"), 404, "IDT_NOT_FOUND");
        Response named = Http.post(url("/balances"), "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"NGN\","
                + "\"identity_id\":\"" + second + "\"}");
        assertThat(named.status()).as(named.raw()).isEqualTo(201);
        assertError(Http.withKeyless("DELETE", url("/identities/" + second)), 409, "IDT_IN_USE");

        // When the balance is linked to the first identity
        Response linked = Http.put(url("/balances/" + balance + "/identity"), "{\"identity_id\":\"" + first + "\"}");
        assertThat(linked.status()).as(linked.raw()).isEqualTo(200);
        assertThat(linked.body().get("message").asString()).isEqualTo("Balance identity updated successfully");

        // Then the balance embeds it, and the identity cannot be deleted while the balance names it
        Response withIdentity = Http.await(url("/balances/" + balance + "?include=identity&include=ledger"),
                r -> r.status() == 200 && r.body().has("identity"), WAIT);
        assertThat(withIdentity.body().at("/identity/first_name").asString()).isEqualTo("Ada");
        assertThat(withIdentity.body().at("/ledger/ledger_id").asString()).isEqualTo(withIdentity.body()
                .get("ledger_id").asString());
        assertError(Http.withKeyless("DELETE", url("/identities/" + first)), 409, "IDT_IN_USE");

        // When the balance moves to the second identity, the first can be deleted and is gone
        assertThat(Http.put(url("/balances/" + balance + "/identity"), "{\"identity_id\":\"" + second + "\"}").status())
                .isEqualTo(200);
        Response deleted = Http.withKeyless("DELETE", url("/identities/" + first));
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.body().get("message").asString()).isEqualTo("Identity deleted successfully");
        assertThat(Http.await(url("/identities/" + first), r -> r.status() == 404, WAIT).status()).isEqualTo(404);
        assertError(Http.withKeyless("DELETE", url("/identities/" + first)), 404, "IDT_NOT_FOUND");
        assertError(Http.withKeyless("DELETE", url("/identities/" + second)), 409, "IDT_IN_USE");
    }

    @Test
    void lists_are_paged_and_personal_fields_cannot_be_filtered() {
        String category = "list-" + UUID.randomUUID();
        String first = create("{\"identity_type\":\"individual\",\"category\":\"" + category + "\"}");
        String last = create("{\"identity_type\":\"individual\",\"category\":\"" + category + "\"}");
        Http.await(url("/identities/" + first), r -> r.status() == 200, WAIT);
        Http.await(url("/identities/" + last), r -> r.status() == 200, WAIT);

        Response page = Http.await(url("/identities?category_eq=" + category + "&limit=1"),
                r -> r.status() == 200 && r.body().size() == 1, WAIT);
        Response filtered = Http.post(url("/identities/filter"), "{\"filters\":[{\"field\":\"category\","
                + "\"operator\":\"eq\",\"value\":\"" + category + "\"}],\"include_count\":true}");

        assertThat(page.body().get(0).get("category").asString()).isEqualTo(category);
        assertThat(filtered.body().get("total_count").asLong()).as(filtered.raw()).isEqualTo(2);
        assertThat(Http.get(url("/identities?limit=1")).body().size()).isEqualTo(1);
        assertError(Http.get(url("/identities?phone_number_eq=1")), 400, "GEN_BAD_REQUEST");
    }
}
