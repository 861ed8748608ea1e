package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BacklogGateTest {

    @Test
    void theGateClosesAtTheLimitAndOpensOnlyBelowNinetyPercentOfIt() {
        BacklogGate gate = BacklogGate.OPEN;

        gate = gate.next(999, 1000);
        assertThat(gate.closed()).isFalse();
        gate = gate.next(1000, 1000);
        assertThat(gate.closed()).isTrue();
        gate = gate.next(901, 1000);
        assertThat(gate.closed()).as("still above 90 %").isTrue();
        gate = gate.next(899, 1000);
        assertThat(gate.closed()).isFalse();
        assertThat(gate.largestBacklog()).isEqualTo(899);
    }

    @Test
    void noLimitNeverCloses() {
        assertThat(BacklogGate.OPEN.next(Long.MAX_VALUE, 0).closed()).isFalse();
    }
}
