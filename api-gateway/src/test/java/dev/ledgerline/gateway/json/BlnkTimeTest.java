package dev.ledgerline.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlnkTimeTest {

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
            "2024-01-01T15:04:05Z, 2024-01-01T15:04:05Z",
            "2024-01-01T15:04:05.5Z, 2024-01-01T15:04:05.5Z",
            "2024-01-01T15:04:05.120Z, 2024-01-01T15:04:05.12Z",
            "2024-01-01T15:04:05.000000001Z, 2024-01-01T15:04:05.000000001Z",
            "2024-01-01T15:04:05.000100Z, 2024-01-01T15:04:05.0001Z",
            "2024-01-01T15:04:05.999999999Z, 2024-01-01T15:04:05.999999999Z",
            "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z"})
    void givenAnInstant_whenFormatted_thenRfc3339WithTrailingZerosTrimmed(String instant, String expected) {
        assertThat(BlnkTime.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ms")
    @CsvSource({"0, 1970-01-01T00:00:00Z", "1, 1970-01-01T00:00:00.001Z", "1700000000010, 2023-11-14T22:13:20.01Z"})
    void givenEpochMillis_whenFormatted_thenMillisecondsShownWithoutTrailingZeros(long millis, String expected) {
        assertThat(BlnkTime.formatMillis(millis)).isEqualTo(expected);
    }
}
