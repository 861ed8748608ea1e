package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/*
 * Goal: a receiver down for hours loses nothing, one that refuses an event does not hold its partition for ever,
 * and retries back off exponentially up to a cap. Method: the pure policy with the clock as an argument.
 */
class RetryPolicyTest {

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void backoff_doubles_from_one_second_up_to_five_minutes() {
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(policy.backoff(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.backoff(1_000_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_failed_attempt_is_retried_after_its_backoff() {
        RetryPolicy.Decision decision = policy.afterFailure(3, AttemptResult.ofStatus(503), 0, 10_000);

        assertThat(decision).isEqualTo(new RetryPolicy.RetryAt(10_000 + 4_000));
    }

    @Test
    void a_refused_event_is_dead_lettered_after_max_attempts() {
        AttemptResult badRequest = AttemptResult.ofStatus(400);

        assertThat(policy.afterFailure(9, badRequest, 0, 60_000)).isInstanceOf(RetryPolicy.RetryAt.class);
        assertThat(policy.afterFailure(10, badRequest, 0, 60_000)).isInstanceOf(RetryPolicy.DeadLetter.class);
    }

    @Test
    void an_unavailable_receiver_is_retried_for_the_whole_window_even_past_max_attempts() {
        AttemptResult down = AttemptResult.ofFailure(new java.net.ConnectException("refused"));

        // an hour down, 25 attempts: still retried
        assertThat(policy.afterFailure(25, down, 0, HOUR_MS)).isInstanceOf(RetryPolicy.RetryAt.class);
        // 23 hours: still retried, every five minutes
        assertThat(policy.afterFailure(300, down, 0, 23 * HOUR_MS))
                .isEqualTo(new RetryPolicy.RetryAt(23 * HOUR_MS + Duration.ofMinutes(5).toMillis()));
        // past the 24 h window: given up
        assertThat(policy.afterFailure(300, down, 0, 24 * HOUR_MS)).isInstanceOf(RetryPolicy.DeadLetter.class);
    }

    @Test
    void even_past_the_window_an_event_gets_max_attempts() {
        RetryPolicy shortWindow = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO);

        assertThat(shortWindow.afterFailure(4, AttemptResult.ofStatus(500), 0, HOUR_MS))
                .isInstanceOf(RetryPolicy.RetryAt.class);
        assertThat(shortWindow.afterFailure(5, AttemptResult.ofStatus(500), 0, HOUR_MS))
                .isInstanceOf(RetryPolicy.DeadLetter.class);
    }

    @Test
    void statuses_are_classified_as_blnk_receivers_mean_them() {
        assertThat(AttemptResult.ofStatus(200).kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
        assertThat(AttemptResult.ofStatus(204).kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
        for (int unavailable : new int[] {408, 429, 500, 502, 503, 504}) {
            assertThat(AttemptResult.ofStatus(unavailable).kind()).as("%d", unavailable)
                    .isEqualTo(AttemptResult.Kind.UNAVAILABLE);
        }
        // redirects are not followed: the receiver moved, which retrying cannot fix
        for (int refused : new int[] {301, 302, 400, 401, 403, 404, 410, 422}) {
            assertThat(AttemptResult.ofStatus(refused).kind()).as("%d", refused).isEqualTo(AttemptResult.Kind.REFUSED);
        }
        assertThat(AttemptResult.ofFailure(new java.net.http.HttpTimeoutException("slow")).kind())
                .isEqualTo(AttemptResult.Kind.UNAVAILABLE);
    }
}
