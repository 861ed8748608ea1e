package dev.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.gateway().toString()).isEqualTo("http://127.0.0.1:5001");
        assertThat(o.bootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(o.transfers()).isEqualTo(10_000);
        assertThat(o.concurrency()).isEqualTo(64);
        assertThat(o.balances()).isEqualTo(100);
        assertThat(o.timeoutSeconds()).isEqualTo(120);
        assertThat(o.allowRemote()).isFalse();
    }

    @Test
    void flags() {
        BenchOptions o = BenchOptions.parse("--gateway", "http://localhost:6001/", "--bootstrap", "127.0.0.1:29092",
                "--transfers", "1_000", "--concurrency", "8", "--balances", "2", "--timeout-s", "30", "--api-key", "k",
                "--hot-percent", "80");
        assertThat(o.gateway().toString()).isEqualTo("http://localhost:6001");
        assertThat(o.bootstrap()).isEqualTo("127.0.0.1:29092");
        assertThat(o.transfers()).isEqualTo(1000);
        assertThat(o.concurrency()).isEqualTo(8);
        assertThat(o.balances()).isEqualTo(2);
        assertThat(o.timeoutSeconds()).isEqualTo(30);
        assertThat(o.apiKey()).isEqualTo("k");
        assertThat(o.hotPercent()).isEqualTo(80);
    }

    @Test
    void loopbackOnlyUnlessAllowed() {
        assertThatThrownBy(() -> BenchOptions.parse("--gateway", "http://10.1.2.3:5001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
        assertThatThrownBy(() -> BenchOptions.parse("--bootstrap", "127.0.0.1:19092,192.168.1.5:9092"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap");
        assertThat(BenchOptions.parse("--gateway", "http://[::1]:5001").gateway().getHost()).isEqualTo("[::1]");
        assertThat(BenchOptions.parse("--gateway", "http://10.1.2.3:5001", "--allow-remote").allowRemote()).isTrue();
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> BenchOptions.parse("--transfers", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--transfers", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--balances", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--concurrency")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--hot-percent", "101")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--nope", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bulk_size_groups_transfers_into_requests_and_is_bounded_by_the_gateways_limit() {
        // given / when
        BenchOptions single = BenchOptions.parse("--transfers", "250");
        BenchOptions bulk = BenchOptions.parse("--transfers", "250", "--bulk-size", "100");

        // then one request per transfer by default, and ceil(250 / 100) bulk requests
        assertThat(single.bulkSize()).isEqualTo(1);
        assertThat(single.requests()).isEqualTo(250);
        assertThat(bulk.requests()).isEqualTo(3);
        assertThatThrownBy(() -> BenchOptions.parse("--bulk-size", "10001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--bulk-size", "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rate_makes_an_open_loop_with_requests_due_at_fixed_intervals() {
        // given / when
        BenchOptions closed = BenchOptions.parse();
        BenchOptions open = BenchOptions.parse("--rate", "1000");
        BenchOptions odd = BenchOptions.parse("--rate", "3");

        // then closed loop by default; at 1,000/s request k is due k ms after the first, without drift
        assertThat(closed.openLoop()).isFalse();
        assertThat(open.openLoop()).isTrue();
        assertThat(open.dueOffsetNanos(0)).isZero();
        assertThat(open.dueOffsetNanos(1)).isEqualTo(1_000_000L);
        assertThat(open.dueOffsetNanos(60_000)).isEqualTo(60_000_000_000L);
        assertThat(odd.dueOffsetNanos(3)).isEqualTo(1_000_000_000L);
        assertThatThrownBy(() -> BenchOptions.parse("--rate", "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_open_loop_warms_up_for_whole_seconds_at_its_rate_and_a_closed_loop_cannot() {
        // given / when
        BenchOptions open = BenchOptions.parse("--rate", "1000", "--warmup-s", "5");
        BenchOptions cold = BenchOptions.parse("--rate", "1000");

        // then 5 s at 1,000/s are 5,000 requests before the measured ones; none without the option
        assertThat(open.warmupRequests()).isEqualTo(5_000);
        assertThat(cold.warmupRequests()).isZero();
        assertThatThrownBy(() -> BenchOptions.parse("--warmup-s", "5")).isInstanceOf(IllegalArgumentException.class);
    }
}
