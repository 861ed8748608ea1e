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
    void concurrent_patches_on_one_transaction_all_survive_and_reach_its_outcome_record() {
        // given an applied transfer with meta_data of its own
        String source = ledger.fundedBalance("500");
        String reference = "meta-txn-" + UUID.randomUUID();
        Response created = ledger.postTransaction(reference, source, "@World", "100", false,
                ",\"meta_data\":{\"order\":\"A\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String transactionId = created.body().get("transaction_id").asString();
        String outcomeId = ledger.awaitOutcome(reference).get("transaction_id").asString();

        // when ten rounds of two patches with different keys are sent at the same time
        for (int round = 0; round < 10; round++) {
            List<String> bodies = List.of("{\"meta_data\":{\"a" + round + "\":" + round + "}}",
                    "{\"meta_data\":{\"b" + round + "\":\"" + round + "\"}}");
            assertThat(Http.postConcurrently(ledger.url("/" + transactionId + "/metadata"), bodies)).containsOnly(200);
        }

        // then the owner's answer holds the transaction's own meta_data and every key
        Response last = Http.post(ledger.url("/" + transactionId + "/metadata"), "{\"meta_data\":{\"order\":\"B\"}}");
        assertThat(last.status()).as(last.raw()).isEqualTo(200);
        JsonNode merged = last.body().get("meta_data");
        assertThat(merged.get("order").asString()).isEqualTo("B");
        for (int round = 0; round < 10; round++) {
            assertThat(merged.get("a" + round).asInt()).isEqualTo(round);
            assertThat(merged.get("b" + round).asString()).isEqualTo(Integer.toString(round));
        }
        // and the read model shows them on the record and on its outcome record (its child), as Blnk's reach
        for (String id : List.of(transactionId, outcomeId)) {
            Response read = Http.await(ledger.url("/transactions/" + id), r -> r.status() == 200
                    && "B".equals(r.body().get("meta_data").path("order").asString())
                    && r.body().get("meta_data").has("b9"), PATIENCE);
            assertThat(read.body().get("meta_data").get("a9").asInt()).as(id).isEqualTo(9);
        }
    }

    @Test
    void an_outcome_record_and_a_bulk_batch_are_patched_by_their_own_ids() {
        // given an applied transfer and a bulk batch of two items
        String source = ledger.fundedBalance("500");
        String reference = "meta-out-" + UUID.randomUUID();
        ledger.postTransaction(reference, source, "@World", "100", false);
        String outcomeId = ledger.awaitOutcome(reference).get("transaction_id").asString();
        String run = UUID.randomUUID().toString();
        Response bulk = Http.post(ledger.url("/transactions/bulk"), "{\"transactions\":["
                + Ledger.transferJson(run + "-1", "@World", source, "1", true, "") + ","
                + Ledger.transferJson(run + "-2", "@World", source, "2", true, "") + "]}");
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(201);
        String batchId = bulk.body().get("batch_id").asString();
        ledger.awaitRecord(run + "-2");

        // when the outcome record (an id no coordinator holds) and the batch are patched
        Response outcomePatch = Http.post(ledger.url("/" + outcomeId + "/metadata"), "{\"meta_data\":{\"seen\":1}}");
        Response batchPatch = Http.post(ledger.url("/" + batchId + "/metadata"), "{\"meta_data\":{\"batch\":\"x\"}}");

        // then both are accepted and the read model shows them on the outcome record and on every item
        assertThat(outcomePatch.status()).as(outcomePatch.raw()).isEqualTo(200);
        assertThat(outcomePatch.body().get("meta_data").get("seen").asInt()).isEqualTo(1);
        assertThat(batchPatch.status()).as(batchPatch.raw()).isEqualTo(200);
        assertThat(batchPatch.body().get("meta_data").get("batch").asString()).isEqualTo("x");
        Http.await(ledger.url("/transactions/" + outcomeId),
                r -> r.status() == 200 && r.body().get("meta_data").has("seen"), PATIENCE);
        for (String item : List.of(run + "-1", run + "-2")) {
            Response read = Http.await(ledger.url("/transactions/reference/" + item),
                    r -> r.status() == 200 && r.body().get("meta_data").has("batch"), PATIENCE);
            assertThat(read.body().get("meta_data").get("batch").asString()).as(item).isEqualTo("x");
        }
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
        answers.add(Http.post(ledger.url("/bulk_" + UUID.randomUUID() + "/metadata"), "{\"meta_data\":{\"a\":1}}"));

        assertThat(answers).extracting(Response::status).containsExactly(400, 400, 400, 400, 404, 404, 404);
        assertThat(answers).extracting(r -> r.body().get("error_detail").get("code").asString())
                .containsExactly("META_INVALID_ENTITY_ID", "GEN_MALFORMED_REQUEST", "GEN_MALFORMED_REQUEST",
                        "GEN_MALFORMED_REQUEST", "META_ENTITY_NOT_FOUND", "META_ENTITY_NOT_FOUND",
                        "META_ENTITY_NOT_FOUND");
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
