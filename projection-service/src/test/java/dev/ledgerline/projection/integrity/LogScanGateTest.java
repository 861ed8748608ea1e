package dev.ledgerline.projection.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/*
 * Goal: one log scan at a time, and the gate is open again by the time a caller holds the answer (a client that sends
 * its next verification right after the last answer must not meet a 429). Method: the gate with plain Monos.
 */
class LogScanGateTest {

    private final LogScanGate gate = new LogScanGate();

    @Test
    void whenAScanAnswersTheGateIsAlreadyOpenForTheNextOne() {
        AtomicBoolean nextCouldStart = new AtomicBoolean();
        gate.runAlone(() -> Mono.just("report")).subscribe(report -> {
            // the caller writes its response here: a new scan must be allowed from this point on
            nextCouldStart.set(gate.tryHold());
        });
        assertThat(nextCouldStart).isTrue();
        gate.release();
    }

    @Test
    void aSecondScanWhileOneRunsIsRefusedAtOnceAndTheGateReopensAfterAFailure() {
        // Given a scan that holds the gate
        assertThat(gate.tryHold()).isTrue();
        // When another starts, then it is refused with 429
        assertThatThrownBy(() -> gate.runAlone(() -> Mono.just(1)).block()).hasMessageContaining("already running");
        gate.release();
        // And a scan that fails frees the gate
        assertThatThrownBy(() -> gate.runAlone(() -> Mono.error(new IllegalStateException("broker down"))).block())
                .hasMessageContaining("broker down");
        assertThat(gate.tryHold()).isTrue();
        gate.release();
    }
}
