package dev.ledgerline.projection.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BlnkTimeTest {

    @Test
    void milliseconds_are_printed_with_trailing_zeros_trimmed_like_go() {
        assertThat(BlnkTime.format(Instant.parse("2024-01-01T15:04:05.123Z"))).isEqualTo("2024-01-01T15:04:05.123Z");
        assertThat(BlnkTime.format(Instant.parse("2024-01-01T15:04:05.120Z"))).isEqualTo("2024-01-01T15:04:05.12Z");
        assertThat(BlnkTime.format(Instant.parse("2024-01-01T15:04:05.000001Z"))).isEqualTo("2024-01-01T15:04:05.000001Z");
    }

    @Test
    void whole_seconds_have_no_fraction() {
        assertThat(BlnkTime.format(Instant.parse("2024-01-01T15:04:05Z"))).isEqualTo("2024-01-01T15:04:05Z");
    }

    @Test
    void an_unset_time_is_the_go_zero_time() {
        assertThat(BlnkTime.format(null)).isEqualTo("0001-01-01T00:00:00Z");
    }
}
