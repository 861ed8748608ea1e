package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Drives the real topology (LedgerTopology.build) through TopologyTestDriver: commands in, events,
 * replies and store contents out. Internal leg topics are piped back by the driver, so one input
 * runs the whole multi-stage flow.
 */
class LedgerTopologyTest {

    private LedgerDriver ledger;

    @BeforeEach
    void startDriver() throws Exception {
        ledger = new LedgerDriver();
    }

    @AfterEach
    void closeDriver() throws Exception {
        ledger.close();
    }

    @Test
    void createsALedgerAndRepliesOk() {
        // when
        String ledgerId = ledger.createLedger("Customer Wallets");

        // then
        assertThat(ledger.ledgers.readValuesToList()).extracting(LedgerRecord::getLedgerId).containsExactly(ledgerId);
        assertThat(ledger.replies()).singleElement().satisfies(r -> assertThat(r.getOk()).isTrue());
    }

    @Test
    void refusesABalanceInAnUnknownLedger() {
        // when
        ledger.createBalance("ldg_missing", "USD");

        // then
        Reply reply = ledger.replies().get(0);
        assertThat(reply.getOk()).isFalse();
        assertThat(reply.getCode()).isEqualTo("LEDGER_NOT_FOUND");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void movesMoneyFromWorldToAliceToBobAndBalancesSumToZero() {
        // given
        String ledgerId = ledger.createLedger("wallets");
        String alice = ledger.createBalance(ledgerId, "USD");
        String bob = ledger.createBalance(ledgerId, "USD");

        // when
        ledger.transfer("fund-alice", "@World", alice, "10000", true);
        ledger.transfer("alice-to-bob", alice, bob, "2500", false);

        // then
        String world = Ids.indicatorBalanceId("@World", "USD");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("7500"));
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("2500"));
        assertThat(ledger.balance(world)).isEqualTo(new BigInteger("-10000"));
        assertThat(ledger.outcome("fund-alice").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("alice-to-bob").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("alice-to-bob").getParentTransaction())
                .isEqualTo(Ids.transactionIdForReference("alice-to-bob"));
        assertChainsValid(ledger.entries());
    }

    @Test
    void rejectsInsufficientFundsAndChangesNothing() {
        // given
        String ledgerId = ledger.createLedger("wallets");
        String alice = ledger.createBalance(ledgerId, "USD");
        String bob = ledger.createBalance(ledgerId, "USD");
        ledger.transfer("fund-alice", "@World", alice, "100", true);
        BalanceState aliceBefore = ledger.store().get(alice);

        // when
        ledger.transfer("too-much", alice, bob, "101", false);

        // then
        TransactionRecord outcome = ledger.outcome("too-much");
        assertThat(outcome.getStatus()).isEqualTo("REJECTED");
        assertThat(outcome.getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(ledger.store().get(alice)).isEqualTo(aliceBefore);
        assertThat(ledger.balance(bob)).isZero();
    }

    @Test
    void rejectsAnUnknownDestinationBeforeDebitingTheSource() {
        // given
        String alice = ledger.fundedBalance("100");
        BalanceState aliceBefore = ledger.store().get(alice);

        // when
        ledger.transfer("to-nowhere", alice, "bln_" + UUID.randomUUID(), "10", false);

        // then
        assertThat(ledger.outcome("to-nowhere").getRejectionCode()).isEqualTo("DESTINATION_NOT_FOUND");
        assertThat(ledger.store().get(alice)).isEqualTo(aliceBefore);
    }

    @Test
    void rejectsACurrencyMismatch() {
        // given
        String euros = ledger.createBalance(ledger.createLedger("wallets"), "EUR");

        // when
        ledger.transfer("usd-into-eur", "@World", euros, "100", true);

        // then
        assertThat(ledger.outcome("usd-into-eur").getRejectionCode()).isEqualTo("DESTINATION_CURRENCY_MISMATCH");
        assertThat(ledger.balance(euros)).isZero();
    }

    @Test
    void appliesADuplicateReferenceOnlyOnceAndReportsIt() {
        // given
        String alice = ledger.createBalance(ledger.createLedger("wallets"), "USD");

        // when
        ledger.transfer("same-ref", "@World", alice, "100", true);
        ledger.transfer("same-ref", "@World", alice, "100", true);

        // then
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("100"));
        List<TransactionRecord> records = ledger.transactions();
        assertThat(records).filteredOn(r -> r.getStatus().equals("REJECTED"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getRejectionCode()).isEqualTo("DUPLICATE_REFERENCE");
                    assertThat(r.getParentTransaction()).isEqualTo(Ids.transactionIdForReference("same-ref"));
                });
        assertThat(records).filteredOn(r -> r.getStatus().equals("APPLIED")).hasSize(1);
    }

    @Test
    void carriesAmountsBeyondSixtyFourBitsExactly() {
        // given
        String alice = ledger.createBalance(ledger.createLedger("wallets"), "USD");
        String huge = "123456789012345678901234567890";

        // when
        ledger.transfer("huge", "@World", alice, huge, true);

        // then
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger(huge));
    }

    /** Every balance's entries: versions 0,1,2,... each sealed and linked to the previous one. */
    static void assertChainsValid(List<BalanceEntry> entries) {
        Map<String, BalanceEntry> heads = new HashMap<>();
        for (BalanceEntry entry : entries) {
            BalanceEntry previous = heads.get(entry.getBalanceId());
            long expectedVersion = previous == null ? 0 : previous.getVersion() + 1;
            String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.getHash();
            assertThat(entry.getVersion()).as("version of %s", entry.getBalanceId()).isEqualTo(expectedVersion);
            assertThat(entry.getPrevHash()).as("prev_hash of %s@%d", entry.getBalanceId(), entry.getVersion())
                    .isEqualTo(expectedPrev);
            heads.put(entry.getBalanceId(), entry);
        }
    }
}
