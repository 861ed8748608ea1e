package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.PatchTransactionMetadata;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionMetadataRecord;

/**
 * A transaction's coordinator merges {@code POST /{txn_…}/metadata} patches one after the other (so none loses
 * another's keys), answers with the transaction's own meta_data and every patch on top, and publishes the merged
 * patches with a version on {@code ledger.transaction-metadata}, where readers apply them to the record and its children.
 */
class TransactionMetadataTopologyTest {

    private LedgerDriver ledger;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    @Test
    void givenATransfer_whenTwoPatchesArrive_thenBothKeysSurviveOnTopOfItsOwnMetaData() {
        // given an applied transfer with meta_data of its own
        String source = ledger.fundedBalance("500");
        String destination = ledger.createBalance(ledger.createLedger("shop"), "USD");
        ledger.transfer("order-7", source, destination, "100", false, spec -> spec.setMetaDataJson("{\"order\":\"A\"}"));
        String transactionId = Ids.transactionIdForReference("order-7");
        ledger.newTransactionMetadata();

        // when two patches with different keys arrive back to back
        Reply first = ledger.reply(ledger.transactionCommand(transactionId, patch(transactionId, "{\"x\":1}", false)));
        Reply second = ledger.reply(ledger.transactionCommand(transactionId,
                patch(transactionId, "{\"y\":{\"z\":2},\"order\":\"B\"}", false)));

        // then the answers hold the transaction's meta_data with every patch on top
        assertThat(first.getOk()).isTrue();
        assertThat(first.getMetaDataJson()).isEqualTo("{\"order\":\"A\",\"x\":1}");
        assertThat(second.getMetaDataJson()).isEqualTo("{\"order\":\"B\",\"x\":1,\"y\":{\"z\":2}}");
        // and the merged patches are published, versioned, keyed by the patched id
        List<TransactionMetadataRecord> published = ledger.newTransactionMetadata();
        assertThat(published).extracting(TransactionMetadataRecord::getVersion).containsExactly(1L, 2L);
        assertThat(published.get(1).getTargetId()).isEqualTo(transactionId);
        assertThat(published.get(1).getPatchJson()).isEqualTo("{\"x\":1,\"y\":{\"z\":2},\"order\":\"B\"}");
    }

    @Test
    void givenNoSuchTransaction_whenPatched_thenNotFoundAndNothingPublished() {
        String missing = Ids.transactionIdForReference("never-sent");

        Reply refused = ledger.reply(ledger.transactionCommand(missing, patch(missing, "{\"x\":1}", false)));

        assertThat(refused.getOk()).isFalse();
        assertThat(refused.getCode()).isEqualTo("TRANSACTION_NOT_FOUND");
        assertThat(ledger.newTransactionMetadata()).isEmpty();
    }

    @Test
    void givenARecordTheGatewaySaw_whenPatched_thenItsPatchesAreOwnedByItsIdsCoordinator() {
        // given the id of an outcome record (no lifecycle of its own), which the gateway found in the read model
        String outcomeId = Ids.outcomeTransactionId(Ids.transactionIdForReference("order-8"));

        // when patched twice, the second time without the gateway's finding
        Reply first = ledger.reply(ledger.transactionCommand(outcomeId, patch(outcomeId, "{\"a\":1}", true)));
        Reply second = ledger.reply(ledger.transactionCommand(outcomeId, patch(outcomeId, "{\"b\":2}", false)));

        // then both are accepted (the id was patched before) and merged
        assertThat(first.getOk()).isTrue();
        assertThat(second.getMetaDataJson()).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(ledger.newTransactionMetadata()).extracting(TransactionMetadataRecord::getVersion)
                .containsExactly(1L, 2L);
    }

    @Test
    void givenATransfer_whenAPatchWouldPassTheBound_thenRefusedAndNothingPublished() {
        String source = ledger.fundedBalance("500");
        String destination = ledger.createBalance(ledger.createLedger("shop"), "USD");
        ledger.transfer("order-9", source, destination, "100", false);
        String transactionId = Ids.transactionIdForReference("order-9");
        ledger.newTransactionMetadata();
        String big = "\"" + "x".repeat(10_000) + "\"";
        ledger.reply(ledger.transactionCommand(transactionId, patch(transactionId, "{\"a\":" + big + "}", false)));

        Reply refused = ledger.reply(ledger.transactionCommand(transactionId,
                patch(transactionId, "{\"b\":" + big + "}", false)));

        assertThat(refused.getOk()).isFalse();
        assertThat(refused.getCode()).isEqualTo("METADATA_TOO_LARGE");
        assertThat(ledger.newTransactionMetadata()).hasSize(1);
    }

    private static PatchTransactionMetadata patch(String id, String json, boolean recordSeen) {
        return new PatchTransactionMetadata(id, json, recordSeen, 10L);
    }
}
