package dev.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransferPairsTest {

    @Test
    void givenNoHotShare_whenDrawing_thenSourcesAreSpreadAndNeverEqualTheDestination() {
        TransferPairs pairs = new TransferPairs(10, 0, new SplittableRandom(7));
        int[] sources = new int[10];
        for (int i = 0; i < 100_000; i++) {
            int[] p = pairs.next();
            assertThat(p[0]).isNotEqualTo(p[1]).isBetween(0, 9);
            assertThat(p[1]).isBetween(0, 9);
            sources[p[0]]++;
        }
        for (int count : sources) {
            assertThat(count).isBetween(9_000, 11_000);
        }
    }

    @Test
    void givenEightyPercentHot_whenDrawing_thenBalanceZeroIsTheSourceOfAboutEightyTwoPercent() {
        // 80 % forced to balance 0, plus its uniform share (1/100) of the remaining 20 %.
        TransferPairs pairs = new TransferPairs(100, 80, new SplittableRandom(11));
        int hot = 0;
        for (int i = 0; i < 100_000; i++) {
            int[] p = pairs.next();
            assertThat(p[0]).isNotEqualTo(p[1]);
            if (p[0] == TransferPairs.HOT) {
                hot++;
            }
        }
        assertThat(hot).isBetween(79_500, 80_900);
    }

    @Test
    void givenAHotShareOutOfRange_whenBuilding_thenRefused() {
        assertThatThrownBy(() -> new TransferPairs(10, 101, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferPairs(1, 0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
