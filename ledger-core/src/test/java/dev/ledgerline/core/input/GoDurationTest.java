package dev.ledgerline.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void given_go_durations_when_parsed_then_they_mean_what_go_means() {
        assertThat(GoDuration.parse("2m")).contains(Duration.ofMinutes(2));
        assertThat(GoDuration.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5h")).contains(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("-10s")).contains(Duration.ofSeconds(-10));
        assertThat(GoDuration.parse("+300ms")).contains(Duration.ofMillis(300));
        assertThat(GoDuration.parse("1µs")).contains(Duration.ofNanos(1000));
        assertThat(GoDuration.parse(".5s")).contains(Duration.ofMillis(500));
        assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
    }

    @Test
    void given_what_go_refuses_when_parsed_then_empty() {
        for (String bad : List.of("", "2", "m", "2 m", "2min", "1h-5m", "abc", "-", "1e3s", "2562048h",
                "9".repeat(65) + "s")) {
            assertThat(GoDuration.parse(bad)).as(bad).isEmpty();
        }
        assertThat(GoDuration.parse(null)).isEmpty();
    }
}
