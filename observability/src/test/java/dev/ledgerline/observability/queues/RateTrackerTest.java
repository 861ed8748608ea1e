package dev.ledgerline.observability.queues;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateTrackerTest {

    @Test
    void rate_is_the_count_increase_per_second_over_the_window() {
        // given samples of a counter 0, 10, 30 at 0 s, 2 s, 4 s and a 60 s window
        RateTracker rates = new RateTracker(60_000);
        rates.sample("c", 0, 0);
        assertThat(rates.ratePerSecond("c")).isNaN();
        rates.sample("c", 10, 2_000);
        rates.sample("c", 30, 4_000);

        // then the rate is 30 events over 4 s
        assertThat(rates.ratePerSecond("c")).isEqualTo(7.5);
        assertThat(rates.ratePerSecond("unknown")).isNaN();
    }

    @Test
    void old_samples_leave_the_window_and_a_reset_counter_starts_over() {
        // given a 5 s window: 0 at 0 s, 100 at 10 s, 110 at 12 s
        RateTracker rates = new RateTracker(5_000);
        rates.sample("c", 0, 0);
        rates.sample("c", 100, 10_000);
        rates.sample("c", 110, 12_000);

        // then only the last two samples count: 10 over 2 s
        assertThat(rates.ratePerSecond("c")).isEqualTo(5.0);

        // when the counter restarts from 0
        rates.sample("c", 0, 13_000);

        // then there is no rate until a second sample
        assertThat(rates.ratePerSecond("c")).isNaN();
    }
}
