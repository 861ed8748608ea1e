package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/*
 * Goal: a seal's hash binds partition, seq, time, every head and the previous seal, and its
 * encoding does not drift. Method: pin a known answer for a fixed seal (also computed by hand
 * from the documented encoding in Python), then vary each input.
 */
class SealHashTest {

    /** Pinned; a change here means the published seal encoding changed. */
    static final String KNOWN_SEAL_HASH = "4bbe3fc8e5d3d0d437005320032a8acd5c85617532cf3f86badef65bb45e7f4d";

    static final List<SealHash.Head> HEADS = List.of(
            new SealHash.Head("bln_a", 0, "a".repeat(64)),
            new SealHash.Head("bln_b", 7, "b".repeat(64)));

    @Test
    void the_hash_of_a_fixed_seal_is_pinned() {
        assertThat(SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_000L, HEADS)).isEqualTo(KNOWN_SEAL_HASH);
    }

    @Test
    void every_input_changes_the_hash() {
        String base = SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_000L, HEADS);
        assertThat(List.of(
                SealHash.of("1".repeat(64), 3, 1, 1_700_000_000_000L, HEADS),
                SealHash.of(Canonical.GENESIS_HASH, 4, 1, 1_700_000_000_000L, HEADS),
                SealHash.of(Canonical.GENESIS_HASH, 3, 2, 1_700_000_000_000L, HEADS),
                SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_001L, HEADS),
                SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_000L, HEADS.subList(0, 1)),
                SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_000L, List.of(HEADS.get(1), HEADS.get(0))),
                SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_000L,
                        List.of(HEADS.get(0), new SealHash.Head("bln_b", 8, "b".repeat(64)))),
                SealHash.of(Canonical.GENESIS_HASH, 3, 1, 1_700_000_000_000L,
                        List.of(HEADS.get(0), new SealHash.Head("bln_b", 7, "c".repeat(64))))))
                .doesNotContain(base).doesNotHaveDuplicates();
    }
}
