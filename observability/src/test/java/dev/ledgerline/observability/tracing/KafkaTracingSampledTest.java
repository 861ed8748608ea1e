package dev.ledgerline.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaTracingSampledTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    @Test
    void a_traceparent_whose_flags_have_the_sampled_bit_is_sampled() {
        // Given W3C traceparents whose flags set bit 0 (alone or with others)
        // Then they count as sampled
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-01")).isTrue();
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-03")).isTrue();
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-ff")).isTrue();
    }

    @Test
    void a_traceparent_without_the_sampled_bit_is_not_sampled() {
        // Given W3C traceparents whose flags leave bit 0 clear
        // Then they do not count as sampled
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-00")).isFalse();
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-02")).isFalse();
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-f0")).isFalse();
    }

    @Test
    void a_value_of_another_shape_is_left_to_the_tracer() {
        // Given values that are not W3C traceparents
        // Then they count as sampled, so the tracer decides as before
        assertThat(KafkaTracing.sampled("garbage")).isTrue();
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-1")).isTrue();
        assertThat(KafkaTracing.sampled("00-" + TRACE + "-" + PARENT + "-zz")).isTrue();
    }
}
