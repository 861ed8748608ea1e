package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.SealHash;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;

/*
 * Goal: the balance worker seals every chain head it wrote, once per interval, chained per
 * partition, and stays silent when idle. Method: real topology in TopologyTestDriver; the wall
 * clock moves only when the test advances it, which fires the seal punctuator.
 */
class SealTopologyTest {

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
    void nothing_is_sealed_while_idle() {
        // Given a processor that wrote nothing
        // When several seal intervals pass
        ledger.advanceWallClock(Duration.ofSeconds(5));
        // Then no seal is emitted and the gauges show nothing pending
        assertThat(ledger.newSeals()).isEmpty();
    }

    @Test
    void a_seal_binds_the_heads_written_since_the_last_one_and_chains_on_it() {
        // Given a funded balance and a payment to a second balance
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("b"), "USD");
        ledger.transfer("pay-1", alice, bob, "100", false);
        List<BalanceEntry> written = List.copyOf(ledger.entries());
        assertThat(gauge("blnk.chain.backlog")).isEqualTo(heads(written).size());

        // When one seal interval passes
        ledger.advanceWallClock(Duration.ofMillis(1000));

        // Then one seal (seq 1 on the genesis hash) binds the last entry of every balance written, sorted by id
        List<SealRecord> first = ledger.newSeals();
        assertThat(first).hasSize(1);
        SealRecord seal1 = first.get(0);
        assertThat(seal1.getPartition()).isZero();
        assertThat(seal1.getSeq()).isEqualTo(1);
        assertThat(seal1.getPrevSealHash()).isEqualTo(Canonical.GENESIS_HASH);
        assertThat(seal1.getHeads()).isEqualTo(heads(written));
        assertThat(seal1.getSealHash()).isEqualTo(recompute(seal1));
        assertThat(gauge("blnk.chain.backlog")).isZero();
        assertThat(gauge("blnk.chain.head.seq")).isEqualTo(1);

        // And an idle interval emits nothing
        ledger.advanceWallClock(Duration.ofMillis(1000));
        assertThat(ledger.newSeals()).isEmpty();

        // When alice pays again
        int before = ledger.entries().size();
        ledger.transfer("pay-2", alice, bob, "50", false);
        List<BalanceEntry> since = List.copyOf(ledger.entries().subList(before, ledger.entries().size()));
        ledger.advanceWallClock(Duration.ofMillis(1000));

        // Then seal 2 binds only the two changed heads and links to seal 1
        SealRecord seal2 = ledger.newSeals().get(0);
        assertThat(seal2.getSeq()).isEqualTo(2);
        assertThat(seal2.getPrevSealHash()).isEqualTo(seal1.getSealHash());
        assertThat(seal2.getHeads()).isEqualTo(heads(since)).hasSize(2);
        assertThat(seal2.getSealHash()).isEqualTo(recompute(seal2));
        assertThat(gauge("blnk.chain.head.seq")).isEqualTo(2);
    }

    @Test
    void a_balance_written_many_times_between_two_seals_is_marked_unsealed_once() {
        // Given a funded balance, sealed, and a reader of the unsealed marks' changelog
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("b"), "USD");
        ledger.advanceWallClock(Duration.ofMillis(1000));
        ledger.newSeals();
        TestOutputTopic<String, String> marks = ledger.driver.createOutputTopic(
                "ledger-topology-test-" + StoreNames.SEAL_HEADS_STORE + "-changelog",
                new StringDeserializer(), new StringDeserializer());
        marks.readKeyValuesToList(); // what the set-up wrote

        // When alice pays bob five times before the next seal
        int before = ledger.entries().size();
        for (int i = 1; i <= 5; i++) {
            ledger.transfer("many-" + i, alice, bob, "10", false);
        }
        List<BalanceEntry> since = List.copyOf(ledger.entries().subList(before, ledger.entries().size()));

        // Then each of the two balances was marked once (ten entries, two marks)
        assertThat(since).hasSize(10);
        assertThat(marks.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyInAnyOrder(alice, bob);

        // And the seal binds each balance's newest entry, then clears both marks
        ledger.advanceWallClock(Duration.ofMillis(1000));
        SealRecord seal = ledger.newSeals().get(0);
        assertThat(seal.getHeads()).isEqualTo(heads(since));
        assertThat(seal.getSealHash()).isEqualTo(recompute(seal));
        assertThat(marks.readKeyValuesToList()).allSatisfy(kv -> assertThat(kv.value).isNull()).hasSize(2);
    }

    @Test
    void a_mark_in_the_earlier_layout_is_sealed_with_the_balances_current_head() {
        // Given a balance with entries, sealed, then a mark restored from a changelog of the earlier layout
        // ("version|hash|first unsealed ms"), naming an older head than the balance's own
        String alice = ledger.fundedBalance("1000");
        ledger.advanceWallClock(Duration.ofMillis(1000));
        ledger.newSeals();
        BalanceEntry newest = ledger.entries().get(ledger.entries().size() - 1);
        KeyValueStore<String, String> marks = ledger.driver.getKeyValueStore(StoreNames.SEAL_HEADS_STORE);
        marks.put(alice, "1|" + Canonical.GENESIS_HASH + "|" + 42L);

        // When the next seal runs
        ledger.advanceWallClock(Duration.ofMillis(1000));

        // Then it binds the balance's current head
        SealRecord seal = ledger.newSeals().get(0);
        assertThat(seal.getHeads()).containsExactly(new SealHead(alice, newest.getVersion(), newest.getHash()));
        assertThat(marks.get(alice)).isNull();
    }

    private double gauge(String name) {
        return ledger.meters.get(name).tag("partition", "0").gauge().value();
    }

    private static List<SealHead> heads(List<BalanceEntry> entries) {
        Map<String, SealHead> last = new TreeMap<>();
        for (BalanceEntry e : entries) {
            last.put(e.getBalanceId(), new SealHead(e.getBalanceId(), e.getVersion(), e.getHash()));
        }
        return List.copyOf(last.values());
    }

    private static String recompute(SealRecord seal) {
        return SealHash.of(seal.getPrevSealHash(), seal.getPartition(), seal.getSeq(), seal.getSealedAtMs(),
                seal.getHeads().stream().map(h -> new SealHash.Head(h.getBalanceId(), h.getVersion(), h.getHash()))
                        .toList());
    }
}
