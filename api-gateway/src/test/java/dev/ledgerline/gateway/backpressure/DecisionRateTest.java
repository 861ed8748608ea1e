package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DecisionRateTest {

    @Test
    void givenTwoRecordsPerTransfer_whenTheProcessorIsBusy_thenTheRateIsHalfTheRecordsWritten() {
        DecisionRate rate = new DecisionRate(10_000);
        // given 2,000 records a second written to ledger.transactions while work waits
        rate.update(0, true, 0);
        rate.update(1_000, true, 500);

        // then 1,000 transfers are decided per second
        assertThat(rate.update(2_000, true, 1_000)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void givenAnIdleSpell_thenItDoesNotDiluteTheRate_andTheLastRateStands() {
        DecisionRate rate = new DecisionRate(10_000);
        rate.update(0, true, 0);
        rate.update(2_000, true, 1_000);    // 1,000 transfers in the busy second
        rate.update(2_500, false, 1_500);   // the last few, then nothing waits (an interval that may have been idle)
        for (int i = 1; i <= 60; i++) {      // a minute idle: nothing written, nothing waiting
            rate.update(2_500, false, 1_500 + 1_000L * i);
        }

        // then the rate is still the busy second's, though the window holds no busy time any more
        assertThat(rate.update(2_500, true, 62_000)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void givenAStopLongerThanTheStallLimit_thenTheStopIsNotCountedOnceItMovesAgain() {
        DecisionRate rate = new DecisionRate(60_000);
        rate.update(0, true, 0);
        rate.update(2_000, true, 1_000);    // 1,000 transfers per second
        for (int i = 2; i <= 21; i++) {       // 20 s stopped with work waiting (a restart)
            rate.update(2_000, true, 1_000L * i);
        }

        // when it writes 2,000 records in the next second, then the rate is still 1,000 per second, not diluted by 20 s
        assertThat(rate.update(4_000, true, 22_000)).isCloseTo(1.0, within(1e-9));
    }
}
