package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/**
 * Goal: Blnk's {@code PUT /ledgers/{id}} and {@code POST /{id}/metadata} on real parts: every answer has Blnk's shape
 * and codes, a patch is merged by the entity's single owner so concurrent patches never lose keys, and the read model
 * follows.
 */
class MetadataEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        ledger = new Ledger(LedgerlineStack.get());
    }

    @Test
    void a_ledger_is_renamed_and_an_unknown_or_nameless_rename_is_refused() {
        // given
        String ledgerId = ledger.createLedger("before-" + UUID.randomUUID());

        // when
        Response renamed = Http.put(ledger.url("/ledgers/" + ledgerId), "{\"name\":\"after\"}");
        Response unknown = Http.put(ledger.url("/ledgers/ldg_" + UUID.randomUUID()), "{\"name\":\"x\"}");
        Response blank = Http.put(ledger.url("/ledgers/" + ledgerId), "{\"name\":\"  \"}");

        // then
        assertThat(renamed.status()).as(renamed.raw()).isEqualTo(200);
        assertThat(renamed.body().get("ledger_id").asString()).isEqualTo(ledgerId);
        assertThat(renamed.body().get("name").asString()).isEqualTo("after");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error_detail").get("code").asString()).isEqualTo("LGR_NOT_FOUND");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().get("error_detail").get("code").asString()).isEqualTo("GEN_VALIDATION_ERROR");
        assertThat(blank.body().has("errors")).isTrue();
        Response read = Http.await(ledger.url("/ledgers/" + ledgerId),
                r -> r.status() == 200 && "after".equals(r.body().get("name").asString()), PATIENCE);
        assertThat(read.body().get("name").asString()).isEqualTo("after");
    }

    @Test
    void concurrent_patches_on_one_balance_all_survive_and_the_read_model_shows_them() {
        // given a balance
        String balanceId = ledger.fundedBalance("100");

        // when twenty rounds of two patches with different keys are sent at the same time
        for (int round = 0; round < 20; round++) {
            List<String> bodies = List.of("{\"meta_data\":{\"a" + round + "\":" + round + "}}",
                    "{\"meta_data\":{\"b" + round + "\":\"" + round + "\"}}");
            assertThat(Http.postConcurrently(ledger.url("/" + balanceId + "/metadata"), bodies))
                    .containsOnly(200);
        }

        // then every key is there, on the owner's answer and in the read model
        Response last = Http.post(ledger.url("/" + balanceId + "/metadata"), "{\"meta_data\":{}}");
        assertThat(last.status()).as(last.raw()).isEqualTo(200);
        JsonNode merged = last.body().get("meta_data");
        for (int round = 0; round < 20; round++) {
            assertThat(merged.get("a" + round).asInt()).isEqualTo(round);
            assertThat(merged.get("b" + round).asString()).isEqualTo(Integer.toString(round));
        }
        Response read = Http.await(ledger.url("/balances/" + balanceId),
                r -> r.status() == 200 && r.body().get("meta_data").has("a19") && r.body().get("meta_data").has("b19"),
                PATIENCE);
        assertThat(read.body().get("meta_data").size()).isGreaterThanOrEqualTo(40);
        assertThat(read.body().get("balance").asLong()).isEqualTo(100);
    }

    @Test
    void a_ledger_and_an_identity_are_patched_shallowly_and_null_is_kept() {
        // given
        String ledgerId = ledger.createLedger("meta-" + UUID.randomUUID());
        Response identity = Http.post(ledger.url("/identities"), "{\"identity_type\":\"individual\","
                + "\"first_name\":\"Ada\",\"meta_data\":{\"kyc\":\"pending\"}}");
        assertThat(identity.status()).as(identity.raw()).isEqualTo(201);
        String identityId = identity.body().get("identity_id").asString();

        // when
        Http.post(ledger.url("/" + ledgerId + "/metadata"), "{\"meta_data\":{\"region\":{\"eu\":true},\"tier\":1}}");
        Response ledgerPatch = Http.post(ledger.url("/" + ledgerId + "/metadata"),
                "{\"meta_data\":{\"region\":{\"us\":true},\"tier\":null}}");
        Response identityPatch = Http.post(ledger.url("/" + identityId + "/metadata"),
                "{\"meta_data\":{\"kyc\":\"done\",\"score\":7}}");

        // then top-level keys are replaced whole, null is stored, and the merged object is answered
        assertThat(ledgerPatch.status()).as(ledgerPatch.raw()).isEqualTo(200);
        JsonNode ledgerMeta = ledgerPatch.body().get("meta_data");
        assertThat(ledgerMeta.get("region").has("eu")).isFalse();
        assertThat(ledgerMeta.get("region").get("us").asBoolean()).isTrue();
        assertThat(ledgerMeta.has("tier")).isTrue();
        assertThat(ledgerMeta.get("tier").isNull()).isTrue();
        assertThat(identityPatch.status()).as(identityPatch.raw()).isEqualTo(200);
        assertThat(identityPatch.body().get("meta_data").get("kyc").asString()).isEqualTo("done");
        assertThat(identityPatch.body().get("meta_data").get("score").asInt()).isEqualTo(7);
        Http.await(ledger.url("/ledgers/" + ledgerId), r -> r.status() == 200
                && r.body().get("meta_data").path("region").has("us"), PATIENCE);
    }

    @Test
    void bad_patches_get_blnks_codes_and_change_nothing() {
        String balanceId = ledger.fundedBalance("1");
        List<Response> answers = new ArrayList<>();

        answers.add(Http.post(ledger.url("/acct_123/metadata"), "{\"meta_data\":{\"a\":1}}"));
        answers.add(Http.post(ledger.url("/" + balanceId + "/metadata"), "{}"));
        answers.add(Http.post(ledger.url("/" + balanceId + "/metadata"), "{\"meta_data\":null}"));
        answers.add(Http.post(ledger.url("/" + balanceId + "/metadata"), "{\"meta_data\":[1]}"));
        answers.add(Http.post(ledger.url("/bln_" + UUID.randomUUID() + "/metadata"), "{\"meta_data\":{\"a\":1}}"));
        answers.add(Http.post(ledger.url("/txn_" + UUID.randomUUID() + "/metadata"), "{\"meta_data\":{\"a\":1}}"));

        assertThat(answers).extracting(Response::status).containsExactly(400, 400, 400, 400, 404, 501);
        assertThat(answers).extracting(r -> r.body().get("error_detail").get("code").asString())
                .containsExactly("META_INVALID_ENTITY_ID", "GEN_MALFORMED_REQUEST", "GEN_MALFORMED_REQUEST",
                        "GEN_MALFORMED_REQUEST", "META_ENTITY_NOT_FOUND", "META_NOT_SUPPORTED");
        Response read = Http.get(ledger.url("/balances/" + balanceId));
        assertThat(read.body().get("meta_data").has("a")).isFalse();
    }

    @Test
    void patches_that_would_grow_meta_data_past_its_bound_are_refused_by_each_owner_and_change_nothing() {
        // given a ledger, a balance and an identity whose meta_data each holds about 9 KiB of the 16 KiB bound
        String ledgerId = ledger.createLedger("meta-big-" + UUID.randomUUID());
        String balanceId = ledger.fundedBalance("1");
        Response identity = Http.post(ledger.url("/identities"), "{\"identity_type\":\"individual\","
                + "\"first_name\":\"Ada\"}");
        String identityId = identity.body().get("identity_id").asString();
        String threeKib = "\"" + "x".repeat(3 * 1024) + "\""; // values are capped at 4,096 characters each
        String nineKib = "{\"big\":" + threeKib + ",\"b\":" + threeKib + ",\"c\":" + threeKib + "}";
        String nineMoreKib = "{\"more\":" + threeKib + ",\"e\":" + threeKib + ",\"f\":" + threeKib + "}";
        for (String id : List.of(ledgerId, balanceId, identityId)) {
            Response first = Http.post(ledger.url("/" + id + "/metadata"), "{\"meta_data\":" + nineKib + "}");
            assertThat(first.status()).as(first.raw()).isEqualTo(200);
        }

        // when each gets three more keys (every request is within its own bound; the merge is not)
        List<Response> answers = new ArrayList<>();
        for (String id : List.of(ledgerId, balanceId, identityId)) {
            answers.add(Http.post(ledger.url("/" + id + "/metadata"), "{\"meta_data\":" + nineMoreKib + "}"));
        }

        // then each owner refuses with 400 and keeps the first key only, while replacing a value still works
        assertThat(answers).extracting(Response::status).containsExactly(400, 400, 400);
        assertThat(answers).extracting(r -> r.body().get("error_detail").get("code").asString())
                .containsOnly("GEN_VALIDATION_ERROR");
        for (String id : List.of(ledgerId, balanceId, identityId)) {
            Response replaced = Http.post(ledger.url("/" + id + "/metadata"), "{\"meta_data\":{\"big\":\"small\"}}");
            assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
            assertThat(replaced.body().get("meta_data").has("more")).as(id).isFalse();
            assertThat(replaced.body().get("meta_data").get("big").asString()).isEqualTo("small");
        }
    }
}
