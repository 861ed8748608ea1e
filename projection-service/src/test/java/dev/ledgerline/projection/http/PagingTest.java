package dev.ledgerline.projection.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void missing_values_take_the_endpoint_defaults() {
        assertThat(Paging.parse(null, null, 20)).isEqualTo(new Paging(20, 0));
    }

    @Test
    void given_values_are_used() {
        assertThat(Paging.parse("5", "40", 10)).isEqualTo(new Paging(5, 40));
    }

    @Test
    void non_numeric_or_out_of_range_values_are_validation_errors() {
        for (String[] bad : new String[][] {{"abc", "0"}, {"0", "0"}, {"101", "0"}, {"10", "-1"}, {"10", "1.5"}}) {
            assertThatThrownBy(() -> Paging.parse(bad[0], bad[1], 10))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.code()).isEqualTo("GEN_VALIDATION_ERROR"));
        }
    }
}
