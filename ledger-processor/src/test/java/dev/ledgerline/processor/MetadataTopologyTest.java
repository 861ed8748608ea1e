package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.PatchBalanceMetadata;
import dev.ledgerline.wire.v1.PatchLedgerMetadata;
import dev.ledgerline.wire.v1.RenameLedger;
import dev.ledgerline.wire.v1.Reply;

/**
 * A ledger's owner (the ledger registry) renames it and merges its meta_data; a balance's owner (its worker) merges
 * the balance's. Patches are merged one after the other by that owner, so none loses another's keys, and each change
 * is published: the whole ledger with the next version, or a METADATA entry on the balance's chain.
 */
class MetadataTopologyTest {

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
    void givenALedger_whenRenamedAndPatchedTwice_thenEveryChangeIsAVersionAndKeysAccumulate() {
        // given
        String ledgerId = ledger.createLedger("Wallets");

        // when
        Reply renamed = ledger.reply(ledger.ledgerCommand(ledgerId, new RenameLedger(ledgerId, "Customer wallets", 2L)));
        Reply first = ledger.reply(ledger.ledgerCommand(ledgerId, new PatchLedgerMetadata(ledgerId, "{\"a\":1}", 3L)));
        Reply second = ledger.reply(ledger.ledgerCommand(ledgerId,
                new PatchLedgerMetadata(ledgerId, "{\"b\":{\"c\":2},\"a\":null}", 4L)));

        // then
        assertThat(renamed.getLedger().getName()).isEqualTo("Customer wallets");
        assertThat(first.getLedger().getMetaDataJson()).isEqualTo("{\"a\":1}");
        assertThat(second.getLedger().getMetaDataJson()).isEqualTo("{\"a\":null,\"b\":{\"c\":2}}");
        List<LedgerRecord> published = ledger.ledgers.readValuesToList().stream()
                .filter(r -> r.getLedgerId().equals(ledgerId)).toList();
        assertThat(published).extracting(LedgerRecord::getVersion).containsExactly(0L, 1L, 2L, 3L);
        assertThat(published.get(3).getName()).isEqualTo("Customer wallets");
    }

    @Test
    void givenNoSuchLedger_whenRenamed_thenNotFound_andTheGeneralLedgerCanBeRenamed() {
        String missing = Ids.ledgerId(java.util.UUID.randomUUID());

        Reply refused = ledger.reply(ledger.ledgerCommand(missing, new RenameLedger(missing, "x", 2L)));
        Reply general = ledger.reply(ledger.ledgerCommand(Ids.GENERAL_LEDGER_ID,
                new RenameLedger(Ids.GENERAL_LEDGER_ID, "House", 2L)));

        assertThat(refused.getOk()).isFalse();
        assertThat(refused.getCode()).isEqualTo("LEDGER_NOT_FOUND");
        assertThat(general.getOk()).isTrue();
        assertThat(general.getLedger().getName()).isEqualTo("House");
        assertThat(general.getLedger().getVersion()).isEqualTo(1L);
    }

    @Test
    void givenABalance_whenTwoPatchesWithDifferentKeysArrive_thenBothSurviveOnAMetadataEntry() {
        // given a funded balance
        String balanceId = ledger.fundedBalance("100");

        // when two patches arrive back to back
        Reply first = ledger.reply(ledger.ledgerCommand(balanceId, new PatchBalanceMetadata(balanceId, "{\"x\":1}", 5L)));
        Reply second = ledger.reply(ledger.ledgerCommand(balanceId, new PatchBalanceMetadata(balanceId, "{\"y\":2}", 6L)));

        // then the second answer holds both keys, and each change is an entry on the balance's chain
        assertThat(first.getMetaDataJson()).isEqualTo("{\"x\":1}");
        assertThat(second.getMetaDataJson()).isEqualTo("{\"x\":1,\"y\":2}");
        List<BalanceEntry> metadata = ledger.entries().stream()
                .filter(e -> e.getBalanceId().equals(balanceId) && e.getKind() == EntryKind.METADATA).toList();
        assertThat(metadata).hasSize(2);
        assertThat(metadata.get(1).getMetaDataJson()).isEqualTo("{\"x\":1,\"y\":2}");
        assertThat(metadata.get(1).getAmount()).isEqualTo("0");
        assertThat(ledger.balance(balanceId)).isEqualTo(new java.math.BigInteger("100"));
    }

    @Test
    void givenNoSuchBalance_whenPatched_thenNotFoundAndNothingWritten() {
        String missing = Ids.balanceId(java.util.UUID.randomUUID());

        Reply refused = ledger.reply(ledger.ledgerCommand(missing, new PatchBalanceMetadata(missing, "{\"x\":1}", 5L)));

        assertThat(refused.getOk()).isFalse();
        assertThat(refused.getCode()).isEqualTo("BALANCE_NOT_FOUND");
        assertThat(ledger.entries()).noneMatch(e -> e.getBalanceId().equals(missing));
    }
}
