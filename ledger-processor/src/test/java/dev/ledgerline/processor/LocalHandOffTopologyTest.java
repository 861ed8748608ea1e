package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.wire.v1.BalanceCommand;

/**
 * The driver runs the task of partition 0 (of 6): a transfer whose transaction id and both balances belong to that
 * partition never leaves the task; one whose destination belongs to another partition sends it its leg through the
 * topic, as before.
 */
class LocalHandOffTopologyTest {

    private static final int PARTITIONS = 6;
    private LedgerDriver ledger;

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    @Test
    void a_transfer_within_the_task_writes_no_internal_record_and_is_applied() throws Exception {
        // Given alice and bob both belong to partition 0, and alice's task already knows bob
        Pair pair = aliceAndBobInPartitionZero();
        String alice = pair.alice();
        String bob = pair.bob();
        double localBefore = internalCommands("local");
        double topicBefore = internalCommands("topic");

        // When alice pays bob, under a reference whose transaction id is partition 0's too
        String reference = pays(alice, bob);

        // Then it is applied, and its three hops (to the source, to the destination, back to the coordinator) stayed
        // in the task: nothing was written to an internal topic
        assertThat(ledger.outcome(reference).getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("650"));
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("350"));
        assertNoInternalRecordAndThreeLocalCommandsSince(localBefore);
        assertThat(internalCommands("topic") - topicBefore).isZero();
    }

    @Test
    void a_leg_for_another_partition_still_travels_through_its_topic() throws Exception {
        // Given alice belongs to partition 0 and carol to another, and alice's task already knows carol
        ledger = new LedgerDriver(PARTITIONS, true);
        String alice = fundedBalanceIn(0);
        String carol = balanceIn(1);
        alreadyPaid(alice, carol);

        // When alice pays carol
        String reference = pays(alice, carol);

        // Then only the credit for carol went through ledger.balance-commands (the debit stayed in alice's task)
        assertThat(ledger.outcome(reference).getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.newBalanceCommands()).extracting(command -> command.key + ":"
                + ((BalanceCommand) command.value).getPayload().getClass().getSimpleName())
                .containsExactly(carol + ":CreditLeg");
        assertThat(ledger.balance(carol)).isEqualTo(new BigInteger("350"));
    }

    @Test
    void a_scheduled_transfer_within_the_task_runs_its_legs_in_the_task_when_it_is_due() throws Exception {
        // Given alice and bob both belong to partition 0, and a transfer between them scheduled a minute ahead
        Pair pair = aliceAndBobInPartitionZero();
        String alice = pair.alice();
        String bob = pair.bob();
        String reference = referenceIn(0, "later");
        long due = LedgerDriver.START.toEpochMilli() + 60_000;
        ledger.transfer(reference, alice, bob, "250", false, spec -> spec.setScheduledForMs(due));
        assertThat(ledger.byReference(reference).getStatus()).isEqualTo("SCHEDULED");
        double localBefore = internalCommands("local");

        // When its time comes (the coordinator's deadline punctuation)
        ledger.advanceWallClock(java.time.Duration.ofSeconds(61));

        // Then it is applied within that punctuation: its legs and outcome never touched an internal topic
        assertThat(ledger.outcome(reference).getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("350"));
        assertNoInternalRecordAndThreeLocalCommandsSince(localBefore);
    }

    @Test
    void without_the_hand_off_the_same_transfer_takes_every_topic() throws Exception {
        // Given the same transfer as above, with the hand-off turned off
        ledger = new LedgerDriver(PARTITIONS, false);
        String alice = fundedBalanceIn(0);
        String bob = balanceIn(0);
        alreadyPaid(alice, bob);

        // When alice pays bob
        String reference = pays(alice, bob);

        // Then the same outcome, through the topics
        assertThat(ledger.outcome(reference).getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.newBalanceCommands()).extracting(command -> command.key).containsExactly(alice, bob);
        assertThat(ledger.newTransactionOutcomeKeys()).containsExactly(Ids.transactionIdForReference(reference));
        assertThat(internalCommands("local")).isZero();
    }

    private record Pair(String alice, String bob) {
    }

    /** A driver with the hand-off on; alice (funded) and bob both in partition 0, alice's task already knowing bob. */
    private Pair aliceAndBobInPartitionZero() throws Exception {
        ledger = new LedgerDriver(PARTITIONS, true);
        String alice = fundedBalanceIn(0);
        String bob = balanceIn(0);
        alreadyPaid(alice, bob);
        return new Pair(alice, bob);
    }

    /** A transfer's three hops (to the source, to the destination, back to the coordinator) stayed in the task. */
    private void assertNoInternalRecordAndThreeLocalCommandsSince(double localBefore) {
        assertThat(ledger.newBalanceCommands()).isEmpty();
        assertThat(ledger.newTransactionOutcomeKeys()).isEmpty();
        assertThat(internalCommands("local") - localBefore).isEqualTo(3.0);
    }

    /** One transfer sent before, so the source's task knows the destination; what it wrote internally is read off. */
    private void alreadyPaid(String source, String destination) {
        ledger.transfer(referenceIn(0, "warm"), source, destination, "100", false);
        ledger.newBalanceCommands();
        ledger.newTransactionOutcomeKeys();
    }

    /** A transfer of 250 under a reference whose transaction id belongs to partition 0; returns the reference. */
    private String pays(String source, String destination) {
        String reference = referenceIn(0, "pay");
        ledger.transfer(reference, source, destination, "250", false);
        return reference;
    }

    private String fundedBalanceIn(int partition) {
        String balance = balanceIn(partition);
        ledger.transfer("fund-" + balance, "@World", balance, "1000", true);
        return balance;
    }

    private String balanceIn(int partition) {
        String ledgerId = ledger.createLedger("local");
        while (true) {
            String balance = ledger.createBalance(ledgerId, "USD");
            if (CommandBatches.partitionOf(balance, PARTITIONS) == partition) {
                return balance;
            }
        }
    }

    private static String referenceIn(int partition, String prefix) {
        for (int i = 0; ; i++) {
            String reference = prefix + "-" + i;
            if (CommandBatches.partitionOf(Ids.transactionIdForReference(reference), PARTITIONS) == partition) {
                return reference;
            }
        }
    }

    private double internalCommands(String route) {
        var counter = ledger.meters.find("ledgerline.internal.commands").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }
}
