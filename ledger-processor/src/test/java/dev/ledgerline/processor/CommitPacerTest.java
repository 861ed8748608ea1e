package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private static final long MS = 1_000_000L;
    private static final long START = 1_000 * MS;

    @Test
    void a_lightly_loaded_processor_commits_after_the_light_interval() {
        // given a pacer (20 ms light, 100 ms busy from 2,000 commands/s) that has seen one command
        CommitPacer pacer = new CommitPacer(20, 100, 2_000, START);
        pacer.handled(1);

        // when its timer asks before and after the light interval
        boolean early = pacer.commitWanted(START + 19 * MS);
        boolean due = pacer.commitWanted(START + 20 * MS);

        // then only the second asks for a commit
        assertThat(early).isFalse();
        assertThat(due).isTrue();
        assertThat(pacer.commitsWanted()).isEqualTo(1);
    }

    @Test
    void nothing_handled_means_no_commit_however_long_it_waits() {
        CommitPacer pacer = new CommitPacer(20, 100, 2_000, START);

        assertThat(pacer.commitWanted(START + 10_000 * MS)).isFalse();
    }

    @Test
    void a_command_after_a_commit_waits_for_the_next_interval() {
        // given a commit at 20 ms
        CommitPacer pacer = new CommitPacer(20, 100, 2_000, START);
        pacer.handled(1);
        assertThat(pacer.commitWanted(START + 20 * MS)).isTrue();

        // when another command arrives, the timer asks at once and again an interval after the commit
        pacer.handled(1);

        // then the commit waits for the interval
        assertThat(pacer.commitWanted(START + 21 * MS)).isFalse();
        assertThat(pacer.commitWanted(START + 40 * MS)).isTrue();
    }

    @Test
    void a_busy_processor_commits_after_the_busy_interval() {
        // given 3,000 commands in the first one-second window: above the busy rate
        CommitPacer pacer = new CommitPacer(20, 100, 2_000, START);
        pacer.handled(3_000);
        assertThat(pacer.commitWanted(START + 1_000 * MS)).isTrue(); // the window closes; the last commit was at start

        // when more commands come
        pacer.handled(50);

        // then the interval is the busy one
        assertThat(pacer.intervalNanos()).isEqualTo(100 * MS);
        assertThat(pacer.commitWanted(START + 1_050 * MS)).isFalse();
        assertThat(pacer.commitWanted(START + 1_100 * MS)).isTrue();
    }

    @Test
    void the_interval_rises_in_a_line_from_a_quarter_of_the_busy_rate() {
        // rates of 400, 500, 1,250 and 2,000 commands/s against a busy rate of 2,000
        assertThat(intervalAfterWindowOf(400)).isEqualTo(20 * MS);
        assertThat(intervalAfterWindowOf(500)).isEqualTo(20 * MS);
        assertThat(intervalAfterWindowOf(1_250)).isEqualTo(60 * MS);
        assertThat(intervalAfterWindowOf(2_000)).isEqualTo(100 * MS);
    }

    @Test
    void the_rate_falls_back_when_the_load_goes() {
        // given a busy window, then an empty one
        CommitPacer pacer = new CommitPacer(20, 100, 2_000, START);
        pacer.handled(5_000);
        pacer.commitWanted(START + 1_000 * MS);
        pacer.commitWanted(START + 2_000 * MS);

        // then the light interval applies again
        assertThat(pacer.ratePerSecond()).isZero();
        assertThat(pacer.intervalNanos()).isEqualTo(20 * MS);
    }

    @Test
    void a_busy_interval_no_longer_than_the_light_one_turns_pacing_off() {
        assertThat(new CommitPacer(20, 20, 2_000, START).paces()).isFalse();
        assertThat(new CommitPacer(20, 10, 2_000, START).paces()).isFalse();
        assertThat(new CommitPacer(20, 100, 2_000, START).paces()).isTrue();
        assertThat(new CommitPacer(20, 100, 2_000, START).tickMillis()).isEqualTo(5);
    }

    private static long intervalAfterWindowOf(int commands) {
        CommitPacer pacer = new CommitPacer(20, 100, 2_000, START);
        pacer.handled(commands);
        pacer.commitWanted(START + CommitPacer.RATE_WINDOW_NANOS / MS * MS);
        return pacer.intervalNanos();
    }
}
