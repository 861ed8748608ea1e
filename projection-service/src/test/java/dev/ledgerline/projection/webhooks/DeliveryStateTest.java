package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/*
 * Goal: a lane is dead_lettering for an hour after its last dead letter, else retrying while an event waits for
 * another attempt, else ok. Pure: times are arguments.
 */
class DeliveryStateTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void a_lane_without_failures_is_ok_and_one_waiting_for_a_retry_is_retrying() {
        assertThat(DeliveryState.of(-1, -1, 10_000, HOUR)).isEqualTo(DeliveryState.OK);
        assertThat(DeliveryState.of(9_000, -1, 10_000, HOUR)).isEqualTo(DeliveryState.RETRYING);
    }

    @Test
    void a_dead_letter_marks_the_lane_for_the_window_and_then_no_more() {
        long deadAt = 1_000_000;
        // when it dead-lettered within the hour, even while another event is being retried
        assertThat(DeliveryState.of(-1, deadAt, deadAt + HOUR.toMillis(), HOUR)).isEqualTo(DeliveryState.DEAD_LETTERING);
        assertThat(DeliveryState.of(deadAt, deadAt, deadAt + 5, HOUR)).isEqualTo(DeliveryState.DEAD_LETTERING);
        // and after the hour
        assertThat(DeliveryState.of(-1, deadAt, deadAt + HOUR.toMillis() + 1, HOUR)).isEqualTo(DeliveryState.OK);
        assertThat(DeliveryState.RETRYING.word()).isEqualTo("retrying");
        assertThat(DeliveryState.DEAD_LETTERING.word()).isEqualTo("dead_lettering");
    }
}
