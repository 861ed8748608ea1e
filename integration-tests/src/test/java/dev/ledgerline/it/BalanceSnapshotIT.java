package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;

/**
 * Goal: Blnk's {@code POST /balances-snapshots} on real parts: answered at once, the run's outcome readable, every
 * balance with entries snapshotted on its chain head, and the historical balance read from the snapshot equal to the
 * one summed from the first entry.
 */
class BalanceSnapshotIT {

    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        ledger = new Ledger(LedgerlineStack.get());
    }

    @Test
    void a_snapshot_run_snapshots_a_funded_balance_and_history_reads_agree() {
        // given a balance funded with 1000
        String alice = ledger.fundedBalance("1000");

        // when every balance is snapshotted
        Response started = Http.post(ledger.url("/balances-snapshots?batch_size=50"), "");
        assertThat(started.status()).as(started.raw()).isEqualTo(200);
        assertThat(started.body().get("message").asString()).startsWith("Snapshotting in progress");
        String snapshotAt = started.body().get("snapshot_at").asString();
        Response done = Http.await(ledger.url("/balances-snapshots"), r -> r.status() == 200
                && snapshotAt.equals(r.body().get("snapshot_at").asString())
                && !"RUNNING".equals(r.body().get("status").asString()), Duration.ofSeconds(30));
        assertThat(done.body().get("status").asString()).as(done.raw()).isEqualTo("COMPLETED");

        // then the balance has a snapshot of its 1000 on its latest entry
        Response snapshots = Http.get(ledger.url("/balances/" + alice + "/snapshots"));
        assertThat(snapshots.status()).as(snapshots.raw()).isEqualTo(200);
        assertThat(snapshots.body().get(0).get("snapshot_at").asString()).isEqualTo(snapshotAt);
        assertThat(snapshots.body().get(0).get("balance").asLong()).isEqualTo(1000);
        assertThat(snapshots.body().get(0).get("through_hash").asString()).isNotEmpty();

        // and a read after it (from the snapshot) equals the sum from the first entry
        String later = Instant.now().plusSeconds(3600).toString();
        Response fromSnapshot = Http.get(ledger.url("/balances/" + alice + "/at?timestamp=" + later));
        Response fromSource = Http.get(ledger.url("/balances/" + alice + "/at?timestamp=" + later + "&from_source=true"));
        assertThat(fromSnapshot.status()).as(fromSnapshot.raw()).isEqualTo(200);
        assertThat(fromSnapshot.body().get("balance")).isEqualTo(fromSource.body().get("balance"));
        assertThat(fromSnapshot.body().get("balance").get("balance").asLong()).isEqualTo(1000);
    }

    @Test
    void a_batch_size_that_is_no_whole_number_above_zero_is_a_400() {
        Response refused = Http.post(ledger.url("/balances-snapshots?batch_size=0"), "");

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("error").asString()).isEqualTo("invalid batch_size value");
    }
}
