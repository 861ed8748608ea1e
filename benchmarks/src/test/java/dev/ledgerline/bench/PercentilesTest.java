package dev.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).toArray());
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.percentile(50)).isEqualTo(50);
        assertThat(p.percentile(90)).isEqualTo(90);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(99.5)).isEqualTo(100);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.min()).isEqualTo(1);
    }

    @Test
    void unsortedInputIsNotModified() {
        long[] samples = {30, 10, 50, 20, 40};
        Percentiles p = Percentiles.of(samples);
        assertThat(p.percentile(50)).isEqualTo(30);   // rank ceil(2.5) = 3
        assertThat(p.percentile(20)).isEqualTo(10);   // rank 1
        assertThat(p.percentile(21)).isEqualTo(20);   // rank ceil(1.05) = 2
        assertThat(p.max()).isEqualTo(50);
        assertThat(samples).containsExactly(30, 10, 50, 20, 40);
    }

    @Test
    void alwaysAnObservedValue() {
        Percentiles p = Percentiles.of(new long[] {7, 1000});
        assertThat(p.percentile(50)).isEqualTo(7);
        assertThat(p.percentile(51)).isEqualTo(1000);
        assertThat(p.percentile(99)).isEqualTo(1000);
    }

    @Test
    void singleSample() {
        Percentiles p = Percentiles.of(new long[] {42});
        assertThat(p.percentile(0)).isEqualTo(42);
        assertThat(p.percentile(50)).isEqualTo(42);
        assertThat(p.max()).isEqualTo(42);
    }

    @Test
    void millisFromNanos() {
        Percentiles p = Percentiles.of(new long[] {1_500_000, 2_000_000, 250_000_000});
        assertThat(p.percentileMillis(50)).isEqualTo(2.0);
        assertThat(p.percentileMillis(100)).isEqualTo(250.0);
    }

    @Test
    void emptyAndOutOfRange() {
        Percentiles empty = Percentiles.of(new long[0]);
        assertThat(empty.count()).isZero();
        assertThat(empty.percentileMillis(50)).isNaN();
        assertThatThrownBy(() -> empty.percentile(50)).isInstanceOf(IllegalStateException.class);
        Percentiles p = Percentiles.of(new long[] {1});
        assertThatThrownBy(() -> p.percentile(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.percentile(100.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
