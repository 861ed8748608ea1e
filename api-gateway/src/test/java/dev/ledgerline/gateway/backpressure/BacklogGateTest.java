package dev.ledgerline.gateway.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BacklogGateTest {

    @Test
    void theGateClosesAtTheLimitAndOpensOnlyBelowNinetyPercentOfIt() {
        BacklogGate gate = BacklogGate.OPEN;

        gate = gate.next(999, 1000, 0, 0);
        assertThat(gate.closed()).isFalse();
        gate = gate.next(1000, 1000, 0, 0);
        assertThat(gate.closed()).isTrue();
        gate = gate.next(901, 1000, 0, 0);
        assertThat(gate.closed()).as("still above 90 %").isTrue();
        gate = gate.next(899, 1000, 0, 0);
        assertThat(gate.closed()).isFalse();
        assertThat(gate.largestBacklog()).isEqualTo(899);
    }

    @Test
    void noLimitNeverCloses() {
        assertThat(BacklogGate.OPEN.next(Long.MAX_VALUE, 0, 0, 0).closed()).isFalse();
    }

    @Test
    void theOldestWaitingRecordsAgeClosesTheGateOnItsOwnAndOpensBelowNinetyPercent() {
        // Given a small backlog (depth far below its limit) whose oldest record has waited ever longer
        BacklogGate gate = BacklogGate.OPEN.next(10, 100_000, 299.0, 300);
        assertThat(gate.closed()).isFalse();

        // When it passes the age limit, then the gate closes for age
        gate = gate.next(10, 100_000, 300.0, 300);
        assertThat(gate.closed()).isTrue();
        assertThat(gate.cause()).isEqualTo(BacklogGate.Cause.AGE);
        assertThat(gate.cause().label()).isEqualTo("age");

        // and stays closed until the age is below 90 % of the limit
        gate = gate.next(10, 100_000, 271.0, 300);
        assertThat(gate.closed()).isTrue();
        gate = gate.next(10, 100_000, 269.0, 300);
        assertThat(gate.closed()).isFalse();
        assertThat(gate.cause()).isEqualTo(BacklogGate.Cause.NONE);
    }

    @Test
    void eachMeasureResetsOnItsOwnAndDepthNamesTheCauseWhenBothTrip() {
        // Given both tripped
        BacklogGate gate = BacklogGate.OPEN.next(1000, 1000, 300.0, 300);
        assertThat(gate.cause()).isEqualTo(BacklogGate.Cause.DEPTH);

        // When depth falls below 90 % while the age is still above its reset level, then age keeps it closed
        gate = gate.next(100, 1000, 280.0, 300);
        assertThat(gate.closed()).isTrue();
        assertThat(gate.cause()).isEqualTo(BacklogGate.Cause.AGE);

        // And an age between 90 % and 100 % that never tripped does not close a gate that depth alone closed
        BacklogGate depthOnly = BacklogGate.OPEN.next(1000, 1000, 280.0, 300);
        assertThat(depthOnly.cause()).isEqualTo(BacklogGate.Cause.DEPTH);
        assertThat(depthOnly.next(100, 1000, 280.0, 300).closed()).isFalse();
    }

    @Test
    void noAgeLimitNeverClosesForAge() {
        assertThat(BacklogGate.OPEN.next(0, 0, 1e9, 0).closed()).isFalse();
    }

    @Test
    void theProjectionsLagClosesTheGateOnItsOwnAndKeepsTheProcessorsMeasures() {
        // Given a processor well within its limits
        BacklogGate gate = BacklogGate.OPEN.next(10, 100_000, 1.0, 30);

        // When the projection's lag reaches its limit, then the gate closes for it
        gate = gate.withProjectionLag(60.0, 60);
        assertThat(gate.closed()).isTrue();
        assertThat(gate.cause()).isEqualTo(BacklogGate.Cause.PROJECTION_LAG);
        assertThat(gate.cause().label()).isEqualTo("projection_lag");

        // and a new processor measurement keeps the lag's state (it is measured less often)
        gate = gate.next(10, 100_000, 1.0, 30);
        assertThat(gate.closed()).isTrue();
        assertThat(gate.projectionLagSeconds()).isEqualTo(60.0);

        // until the lag is below 90 % of its limit
        assertThat(gate.withProjectionLag(55.0, 60).closed()).isTrue();
        assertThat(gate.withProjectionLag(53.0, 60).closed()).isFalse();
        assertThat(BacklogGate.OPEN.withProjectionLag(1e9, 0).closed()).as("no limit").isFalse();
    }

    @Test
    void theEstimatedWaitClosesTheGateOnItsOwnAndComesBeforeAgeAsTheCause() {
        // Given a processor whose backlog is shallow and young but slow to consume
        BacklogGate gate = BacklogGate.OPEN.next(50, 100_000, 2.0, 30).withEstimatedWait(9.9, 10);
        assertThat(gate.closed()).isFalse();

        // When a command written now would wait 10 s or more, then the gate closes for the wait
        gate = gate.next(60, 100_000, 31.0, 30).withEstimatedWait(10.0, 10);
        assertThat(gate.closed()).isTrue();
        assertThat(gate.cause()).isEqualTo(BacklogGate.Cause.WAIT);
        assertThat(gate.cause().label()).isEqualTo("wait");
        assertThat(gate.estimatedWaitSeconds()).isEqualTo(10.0);

        // and stays closed until the estimate is below 90 % of the limit (the age reset on its own meanwhile)
        gate = gate.next(60, 100_000, 1.0, 30).withEstimatedWait(9.1, 10);
        assertThat(gate.closed()).isTrue();
        gate = gate.withEstimatedWait(8.9, 10);
        assertThat(gate.closed()).isFalse();
        assertThat(BacklogGate.OPEN.withEstimatedWait(1e9, 0).closed()).as("no limit").isFalse();
    }
}
