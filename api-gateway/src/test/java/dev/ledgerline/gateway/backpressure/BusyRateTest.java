package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BusyRateTest {

    @Test
    void givenWorkWaiting_thenTheRateIsWhatMovedPerBusyMillisecond() {
        BusyRate rate = new BusyRate(10_000, 1);
        rate.update(0, true, 0);
        rate.update(50, true, 500);
        rate.update(100, false, 1_000);

        assertThat(rate.perMs()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void givenAGapBetweenMeasurementsLongerThanTheStallLimit_thenItIsNotCountedAsBusyTime() {
        // given a counter moving 100 per second, then no measurement for 20 s (the broker could not be asked)
        BusyRate rate = new BusyRate(60_000, 1);
        rate.update(0, true, 0);
        rate.update(100, true, 1_000);
        rate.update(110, true, 21_000);

        // when it moves 100 in the next second, then the rate is still 100 per second, not 210 over 22 s
        rate.update(210, true, 22_000);
        assertThat(rate.perMs()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void givenACounterThatWentBack_thenWhatWasMeasuredIsDropped() {
        BusyRate rate = new BusyRate(10_000, 1);
        rate.update(1_000, true, 0);
        rate.update(1_100, true, 1_000);
        assertThat(rate.wentBack(5)).isTrue();

        rate.update(5, true, 2_000);
        assertThat(rate.perMs()).isZero();
    }

    @Test
    void givenAnIntervalThatEndsWithNothingWaiting_thenItIsNotCounted() {
        // given sparse traffic: a record caught waiting at one check, done long before the next
        BusyRate rate = new BusyRate(10_000, 1);
        rate.update(0, true, 0);
        rate.update(1, false, 500);

        // then no rate: the interval may have been all but idle, and 1 per 500 ms is not what the processor can do
        assertThat(rate.perMs()).isZero();
    }

    @Test
    void givenLessMovedThanTheMinimum_thenThereIsNoRate() {
        BusyRate rate = new BusyRate(10_000, 1_000);
        rate.update(0, true, 0);
        rate.update(999, true, 500);
        assertThat(rate.perMs()).isZero();

        rate.update(1_999, true, 1_000);
        assertThat(rate.perMs()).isCloseTo(1.999, within(1e-9));
    }
}
