package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.TransactionSpec;

/*
 * Goal: Blnk's metric catalogue is counted on every path the processor has — queued and skip_queue
 * transfers, rejections by Blnk reason, duplicates, inflight commits and voids (requested and by
 * deadline), refunds, balance creation — and each stage's per-record time is measured.
 * Method: the real topology in a TopologyTestDriver (LedgerDriver), reading its meter registry.
 */
class ProcessorMetricsTopologyTest {

    private LedgerDriver ledger;
    private String alice;
    private String bob;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        alice = ledger.fundedBalance("1000");
        bob = ledger.createBalance(ledger.createLedger("bobs"), "USD");
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    @Test
    void an_applied_transfer_counts_queued_and_applied_and_is_timed_from_acceptance() {
        double appliedBefore = transactions("APPLIED");
        double queuedBefore = transactions("QUEUED");
        long timedBefore = duration("APPLIED").count();
        double timeBefore = duration("APPLIED").totalTime(TimeUnit.MILLISECONDS);

        // given a transfer accepted 40 ms ago by the gateway
        long acceptedAt = System.currentTimeMillis() - 40;
        ledger.transfer("pay-1", alice, bob, "100", false, spec -> spec.setCreatedAtMs(acceptedAt));

        assertThat(transactions("QUEUED")).isEqualTo(queuedBefore + 1);
        assertThat(transactions("APPLIED")).isEqualTo(appliedBefore + 1);
        assertThat(duration("APPLIED").count()).isEqualTo(timedBefore + 1);
        assertThat(duration("APPLIED").totalTime(TimeUnit.MILLISECONDS) - timeBefore).isBetween(40.0, 30_000.0);
        Timer acceptToApplied = ledger.meters.get("ledgerline.accept.to.applied").timer();
        assertThat(acceptToApplied.count()).isEqualTo(timedBefore + 1);
    }

    @Test
    void a_skip_queue_transfer_counts_applied_without_queued() {
        double queuedBefore = transactions("QUEUED");
        double appliedBefore = transactions("APPLIED");

        ledger.transfer("sync-1", alice, bob, "100", false, spec -> spec.setSkipQueue(true));

        assertThat(transactions("APPLIED")).isEqualTo(appliedBefore + 1);
        assertThat(transactions("QUEUED")).isEqualTo(queuedBefore);
    }

    @Test
    void rejections_carry_blnks_reason_and_our_code_and_are_timed_as_rejected() {
        ledger.transfer("too-much", alice, bob, "5000", false);
        ledger.transfer("over-limit", alice, bob, "1500", true, spec -> spec.setOverdraftLimit("100"));
        ledger.transfer("pay-2", alice, bob, "10", false);
        ledger.transfer("pay-2", alice, bob, "10", false);

        assertThat(rejected("insufficient_funds", "INSUFFICIENT_FUNDS")).isEqualTo(1);
        assertThat(rejected("overdraft_limit", "OVERDRAFT_LIMIT_EXCEEDED")).isEqualTo(1);
        assertThat(rejected("duplicate_reference", "DUPLICATE_REFERENCE")).isEqualTo(1);
        assertThat(transactions("REJECTED")).isEqualTo(3);
        assertThat(duration("REJECTED").count()).isEqualTo(3);
    }

    @Test
    void inflight_commits_and_voids_are_counted_whether_requested_or_fired_by_a_deadline() {
        ledger.transfer("hold-commit", alice, bob, "100", false, spec -> spec.setInflight(true));
        ledger.transfer("hold-void", alice, bob, "100", false, spec -> spec.setInflight(true));
        long expiry = LedgerDriver.START.toEpochMilli() + 5_000;
        ledger.transfer("hold-expiring", alice, bob, "100", false,
                spec -> spec.setInflight(true).setInflightExpiryMs(expiry));
        assertThat(transactions("INFLIGHT")).isEqualTo(3);

        ledger.inflightAction("hold-commit", "commit", null, false);
        ledger.inflightAction("hold-void", "void", null, true);
        ledger.advanceWallClock(Duration.ofSeconds(6));

        assertThat(ledger.meters.get("blnk.inflight.commit").counter().count()).isEqualTo(1);
        assertThat(ledger.meters.get("blnk.inflight.void").counter().count()).isEqualTo(2);
        assertThat(transactions("VOID")).isEqualTo(2);
    }

    @Test
    void a_refund_is_a_transaction_of_its_own_and_counted_as_one() {
        ledger.transfer("to-refund", alice, bob, "100", false);
        double appliedBefore = transactions("APPLIED");

        ledger.refund("to-refund", false);

        assertThat(transactions("APPLIED")).isEqualTo(appliedBefore + 1);
    }

    @Test
    void created_balances_are_counted_once_each_including_indicator_balances() {
        // @World (first use) + alice + bob, opened in setUp
        assertThat(ledger.meters.get("blnk.balance.created").counter().count()).isEqualTo(3);
    }

    @Test
    void every_stage_times_the_records_it_handles() {
        ledger.transfer("pay-3", alice, bob, "1", false);

        for (String stage : new String[] {LedgerTopology.LEDGER_REGISTRY, LedgerTopology.TRANSACTION_COORDINATOR,
                LedgerTopology.BALANCE_WORKER}) {
            Timer success = ledger.meters.get("blnk.queue.processing.duration").tag("stage", stage)
                    .tag("result", "success").timer();
            assertThat(success.count()).as(stage).isPositive();
        }
    }

    @Test
    void a_stage_that_throws_is_timed_as_an_error_and_the_error_still_propagates() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Processor<String, byte[], String, Object> failing = record -> {
            throw new IllegalStateException("corrupt internal record");
        };
        MeteredProcessor metered = new MeteredProcessor(failing, new ProcessorMetrics(meters).stageTimer("test-stage"),
                "balance_id");

        assertThatThrownBy(() -> metered.process(new Record<>("bln_x", new byte[0], 0L)))
                .hasMessage("corrupt internal record");
        assertThat(meters.get("blnk.queue.processing.duration").tag("result", "error").timer().count()).isEqualTo(1);
        assertThat(meters.get("blnk.queue.processing.duration").tag("result", "success").timer().count()).isZero();
    }

    @Test
    void a_split_counts_its_size_and_every_leg_and_an_aborted_one_counts_the_released_legs() {
        double appliedBefore = transactions("APPLIED");
        double abortedBefore = rejected("other", "GROUP_ABORTED");
        String carol = ledger.createBalance(ledger.createLedger("carols"), "USD");

        // a split of 300 over two legs that applies, then one whose second leg cannot be paid
        splitFromAlice("split-ok", List.of(bob, carol), "100", "200");
        splitFromAlice("split-broke", List.of(bob, carol), "100", "5000");

        assertThat(transactions("APPLIED")).isEqualTo(appliedBefore + 2);
        assertThat(rejected("other", "GROUP_ABORTED")).isEqualTo(abortedBefore + 1);
        assertThat(rejected("insufficient_funds", "INSUFFICIENT_FUNDS")).isGreaterThanOrEqualTo(1);
        assertThat(ledger.meters.get("blnk.transaction.batch.size").tag("kind", "split").summary().count()).isEqualTo(2);
    }

    private void splitFromAlice(String reference, List<String> destinations, String... shares) {
        TransactionSpec parent = LedgerDriver.spec(reference, alice, destinations.get(0), "0",
                false, spec -> { });
        ledger.startGroup(parent.getTransactionId(), "split", reference, true, false,
                TransactionGroups.splitLegs(parent, false, destinations.stream()
                        .map(d -> new TransactionGroups.End(d, d)).toList(),
                        Arrays.stream(shares).map(BigInteger::new).toList()));
    }

    private double transactions(String status) {
        Counter counter = Search.in(ledger.meters).name("blnk.transaction").tag("status", status).tag("currency", "USD")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double rejected(String reason, String code) {
        Counter counter = Search.in(ledger.meters).name("blnk.transaction.rejected").tag("reason", reason)
                .tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    private Timer duration(String status) {
        Timer timer = Search.in(ledger.meters).name("blnk.transaction.duration").tag("status", status).timer();
        return timer == null ? ledger.meters.timer("absent-" + status) : timer;
    }
}
