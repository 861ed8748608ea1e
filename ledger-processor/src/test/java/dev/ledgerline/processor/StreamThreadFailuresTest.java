package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private final StreamThreadFailures failures = new StreamThreadFailures();

    @Test
    void givenACommitFencedAfterABrokerRestart_whenTheThreadFails_thenANewThreadTakesOver() {
        // given: what the processor logged when a broker restart re-registered its static member
        Throwable fenced = new StreamsException("Error encountered trying to commit a transaction",
                new FencedInstanceIdException("another consumer with the same group.instance.id has registered"));

        // when / then
        assertThat(failures.decide(fenced, 0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.decide(new StreamsException(new ProducerFencedException("fenced")), 1))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.decide(new StreamsException(new TimeoutException("broker gone")), 2))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void givenABrokerThatFailedTheCommitRightAfterItsRestart_whenTheThreadFails_thenANewThreadTakesOver() {
        // given: what the processor logged in the crash matrix (the broker's coordinator was still fencing the epoch)
        Throwable commitFailed = new StreamsException(
                "Error encountered trying to commit a transaction [stream-thread [main]]",
                new KafkaException("Unhandled error in EndTxnResponse: The server experienced an unexpected error when "
                        + "processing the request."));

        // when / then
        assertThat(failures.decide(commitFailed, 0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void givenAStageFailureWordedLikeACommit_whenItIsNotKafkasOwnError_thenTheClientStops() {
        // given: the commit wording around something that is not a Kafka client error
        Throwable notKafka = new StreamsException("Error encountered trying to commit a transaction",
                new IllegalStateException("balances do not sum to zero"));

        // when / then
        assertThat(failures.decide(notKafka, 0)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void givenAnInvariantViolation_whenTheThreadFails_thenTheClientStops() {
        // given
        Throwable wrongMoney = new StreamsException(new IllegalStateException("balances do not sum to zero"));

        // when / then
        assertThat(failures.decide(wrongMoney, 0)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.decide(new IllegalArgumentException("corrupt command"), 0))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void givenFencingAgainAndAgain_whenTheLimitIsReached_thenTheClientStopsAndLaterReplacementsAreAllowedAgain() {
        // given: two instances sharing one instance id fence each other in a loop
        Throwable fenced = new StreamsException(new FencedInstanceIdException("fenced"));
        for (int i = 0; i < StreamThreadFailures.MAX_REPLACEMENTS; i++) {
            assertThat(failures.decide(fenced, i)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }

        // when one more comes within the window
        StreamThreadExceptionResponse tooMany = failures.decide(fenced, StreamThreadFailures.MAX_REPLACEMENTS);

        // then the client stops; once the window has passed, a single failure is replaced again
        assertThat(tooMany).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        long later = Duration.ofMinutes(11).toNanos();
        assertThat(failures.decide(fenced, later)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
