package dev.ledgerline.projection.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.hooks.HookType;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HookBodiesTest {

    private static final String HUGE = "123456789012345678901234567890";

    private static TransactionRecord queued() {
        return TransactionRecord.newBuilder()
                .setTransactionId("txn_1").setParentTransaction("").setReference("ref-1")
                .setSource("bln_a").setDestination("bln_b").setPreciseAmount(HUGE).setPrecision(100)
                .setCurrency("USD").setDescription("d").setStatus("QUEUED").setRejectionCode(null)
                .setRejectionMessage(null).setAllowOverdraft(false).setOverdraftLimit("0").setInflight(false)
                .setMetaDataJson("{\"k\":1.50}").setCreatedAtMs(1_700_000_000_000L).setEffectiveDateMs(null)
                .setHash("a".repeat(64)).setSourceBalanceId("bln_a").setDestinationBalanceId("bln_b")
                .setSkipQueue(false).setScheduledForMs(null).setInflightExpiryMs(null).setInflightCommitMs(null)
                .build();
    }

    @Test
    void givenAQueuedRecord_whenMadeIntoAPreHookCall_thenTheBodyIsBlnksInOrderWithExactMoney() {
        HookCall call = HookBodies.call("hook_1", HookType.PRE_TRANSACTION, "ledger.transactions-2-7", queued(),
                1_700_000_000_123L, null);

        JsonNode body = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build()
                .readTree(call.body());
        List<String> fields = new ArrayList<>(body.propertyNames());
        assertThat(fields).containsExactly("transaction_id", "hook_type", "timestamp", "data");
        assertThat(body.get("transaction_id").asString()).isEqualTo("txn_1");
        assertThat(body.get("hook_type").asString()).isEqualTo("PRE_TRANSACTION");
        assertThat(body.get("timestamp").asString()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(body.get("data").get("status").asString()).isEqualTo("QUEUED");
        assertThat(new String(call.body(), StandardCharsets.UTF_8)).contains("\"precise_amount\":" + HUGE);
        assertThat(call.eventId()).isEqualTo("ledger.transactions-2-7");
        assertThat(HookBodies.transactionIdOf(call.body())).isEqualTo("txn_1");
    }
}
