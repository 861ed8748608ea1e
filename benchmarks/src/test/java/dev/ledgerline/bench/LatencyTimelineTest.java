package dev.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatencyTimelineTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void transfers_are_grouped_by_the_second_they_were_sent_in_and_a_slow_second_stands_out() {
        // Given three transfers in the first second (10, 20, 30 ms) and two in the third (500 ms and one unseen)
        long start = 7 * S;
        long[] sent = {start, start + 100 * MS, start + 999 * MS, start + 2 * S, start + 2 * S + 1};
        long[] answer = {sent[0] + MS, sent[1] + MS, sent[2] + MS, sent[3] + 400 * MS, sent[4] + 2 * MS};
        long[] fin = {sent[0] + 10 * MS, sent[1] + 20 * MS, sent[2] + 30 * MS, sent[3] + 500 * MS, 0};

        // When the timeline is built
        List<LatencyTimeline.Second> rows = LatencyTimeline.of(sent, answer, fin, start);

        // Then each second has its own counts and percentiles, and the empty second between is a row too
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).sent()).isEqualTo(3);
        assertThat(rows.get(0).finals()).isEqualTo(3);
        assertThat(rows.get(0).sendToFinal().max()).isEqualTo(30 * MS);
        assertThat(rows.get(1).sent()).isZero();
        assertThat(rows.get(1).sendToFinal().count()).isZero();
        assertThat(rows.get(2).sent()).isEqualTo(2);
        assertThat(rows.get(2).finals()).isEqualTo(1);
        assertThat(rows.get(2).sendToFinal().percentile(50)).isEqualTo(500 * MS);
        assertThat(rows.get(2).sendToAnswer().max()).isEqualTo(400 * MS);
    }

    @Test
    void transfers_never_sent_are_left_out() {
        // Given one transfer sent and one never sent
        long[] sent = {S, 0};
        long[] fin = {S + MS, 0};

        // When / Then only the sent one counts
        List<LatencyTimeline.Second> rows = LatencyTimeline.of(sent, fin, fin, S);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).sent()).isEqualTo(1);
    }
}
