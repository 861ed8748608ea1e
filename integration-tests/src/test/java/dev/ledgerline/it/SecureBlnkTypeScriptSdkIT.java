package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/*
 * Goal: in secure mode, the official Blnk TypeScript SDK configured with an API key (scopes for ledgers, balances,
 * transactions and identities) runs its ledger, balance, transaction and identity calls unchanged; with a key it
 * lacks, it is refused.
 * Method: the secure stack (failsafe execution "secure"), a key made through POST /api-keys, the SDK run by node.
 */
class SecureBlnkTypeScriptSdkIT {

    private static LedgerlineStack stack;

    @BeforeAll
    static void setUp() throws Exception {
        stack = LedgerlineStack.get(SecureInternalDoorIT.SECURE_ARGS);
        BlnkTypeScriptSdk.install();
    }

    @Test
    void the_sdk_with_an_api_key_runs_its_ledger_balance_and_transaction_calls_unchanged() throws Exception {
        String key = apiKey("[\"ledgers:*\",\"balances:*\",\"transactions:*\",\"identities:*\"]");

        BlnkTypeScriptSdk.Run run = BlnkTypeScriptSdk.check(stack.gateway(), key);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ok Ledgers.create", "ok LedgerBalances.get", "ok Transactions.create (skip_queue)",
                "ok Identity.detokenizeField", "ok LedgerBalances.updateIdentity");
    }

    @Test
    void the_sdk_without_the_scopes_it_needs_is_refused() throws Exception {
        String key = apiKey("[\"identities:read\"]");

        BlnkTypeScriptSdk.Run run = BlnkTypeScriptSdk.check(stack.gateway(), key);

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("Insufficient permissions for ledgers:write");
    }

    private static String apiKey(String scopes) throws Exception {
        var created = SecureInternalDoorIT.post(stack.gateway() + "/api-keys", "{\"name\":\"sdk\",\"owner\":\"sdk\","
                + "\"scopes\":" + scopes + ",\"expires_at\":\"" + Instant.now().plusSeconds(3600) + "\"}",
                SecureInternalDoorIT.MASTER_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode json = Http.JSON.readTree(created.body());
        return json.path("key").asString();
    }
}
