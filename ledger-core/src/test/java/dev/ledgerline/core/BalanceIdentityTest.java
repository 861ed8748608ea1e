package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BalanceIdentityTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void givenAFundedBalance_whenItNamesAnIdentity_thenAnIdentityEntryChainsOnAndNoCounterMoves() {
        Balance before = BalanceDecisionsTest.funded(BalanceDecisionsTest.opened("bln_1", "USD"), 500);

        Decision.Applied applied = (Decision.Applied) BalanceDecisions.setIdentity(before, "idt_1", NOW);

        Entry entry = applied.entries().get(0);
        assertThat(entry.kind()).isEqualTo(EntryKind.IDENTITY);
        assertThat(entry.identityId()).isEqualTo("idt_1");
        assertThat(entry.amount()).isZero();
        assertThat(entry.version()).isEqualTo(before.version() + 1);
        assertThat(entry.prevHash()).isEqualTo(before.headHash());
        assertThat(applied.balance().balance()).isEqualTo(before.balance());
        assertThat(applied.balance().headHash()).isEqualTo(entry.hash());
    }

    @Test
    void givenTheSameIdentity_whenNamedAgain_thenNothingIsWritten_andGivenNoBalance_thenNotFound() {
        Balance named = ((Decision.Applied) BalanceDecisions.setIdentity(
                BalanceDecisionsTest.opened("bln_1", "USD"), "idt_1", NOW)).balance();

        assertThat(((Decision.Applied) BalanceDecisions.setIdentity(named, "idt_1", NOW)).entries()).isEmpty();
        assertThat(BalanceDecisions.setIdentity(null, "idt_1", NOW))
                .isEqualTo(new Decision.Rejected(RejectionReason.BALANCE_NOT_FOUND));
    }
}
