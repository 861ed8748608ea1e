package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BalanceMetaDataTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void givenAFundedBalance_whenItsMetaDataChanges_thenAMetadataEntryChainsOnCarryingItAndNoCounterMoves() {
        Balance before = BalanceDecisionsTest.funded(BalanceDecisionsTest.opened("bln_1", "USD"), 500);

        Decision.Applied applied = (Decision.Applied) BalanceDecisions.setMetaData(before, "{\"tier\":\"gold\"}", NOW);

        Entry entry = applied.entries().get(0);
        assertThat(entry.kind()).isEqualTo(EntryKind.METADATA);
        assertThat(entry.metaDataJson()).isEqualTo("{\"tier\":\"gold\"}");
        assertThat(entry.amount()).isZero();
        assertThat(entry.version()).isEqualTo(before.version() + 1);
        assertThat(entry.prevHash()).isEqualTo(before.headHash());
        assertThat(applied.balance().balance()).isEqualTo(before.balance());
        assertThat(applied.balance().metaDataJson()).isEqualTo("{\"tier\":\"gold\"}");
        assertThat(applied.balance().headHash()).isEqualTo(entry.hash());
    }

    @Test
    void givenUnchangedMetaData_thenNothingIsWritten_andGivenNoBalance_thenNotFound() {
        Balance opened = BalanceDecisionsTest.opened("bln_1", "USD");

        assertThat(((Decision.Applied) BalanceDecisions.setMetaData(opened, opened.metaDataJson(), NOW)).entries())
                .isEmpty();
        assertThat(BalanceDecisions.setMetaData(null, "{}", NOW))
                .isEqualTo(new Decision.Rejected(RejectionReason.BALANCE_NOT_FOUND));
    }

    @Test
    void givenAMergedObjectOverTheBound_thenItIsRefusedAndTheBalanceKeepsItsMetaData_andAtTheBoundItIsStored() {
        Balance opened = BalanceDecisionsTest.opened("bln_1", "USD");
        String atBound = jsonOfBytes(dev.ledgerline.core.input.TextRules.MAX_META_DATA_BYTES);

        Decision over = BalanceDecisions.setMetaData(opened, jsonOfBytes(atBound.length() + 1), NOW);
        Decision at = BalanceDecisions.setMetaData(opened, atBound, NOW);

        assertThat(over).isEqualTo(new Decision.Rejected(RejectionReason.METADATA_TOO_LARGE));
        assertThat(((Decision.Applied) at).balance().metaDataJson()).isEqualTo(atBound);
    }

    /** {@code {"k":"xxx…"}} of exactly {@code bytes} UTF-8 bytes. */
    private static String jsonOfBytes(int bytes) {
        return "{\"k\":\"" + "x".repeat(bytes - "{\"k\":\"\"}".length()) + "\"}";
    }
}
