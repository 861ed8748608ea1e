package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionMetadataPatchesTest {

    @Test
    void an_id_nobody_knows_is_not_found() {
        // given an id the coordinator never held and no record the gateway saw
        // when a patch arrives
        // then it is refused as a missing transaction (404 at the gateway)
        assertThat(TransactionMetadataPatches.refusal(false, false, "{\"a\":1}"))
                .contains(RejectionReason.TRANSACTION_NOT_FOUND);
    }

    @Test
    void a_known_id_or_a_seen_record_is_patched() {
        assertThat(TransactionMetadataPatches.refusal(true, false, "{\"a\":1}")).isEmpty();
        assertThat(TransactionMetadataPatches.refusal(false, true, "{\"a\":1}")).isEmpty();
    }

    @Test
    void a_merge_that_would_pass_the_meta_data_bound_is_refused() {
        String huge = "{\"a\":\"" + "x".repeat(16_384) + "\"}";
        assertThat(TransactionMetadataPatches.refusal(true, false, huge)).contains(RejectionReason.METADATA_TOO_LARGE);
    }

    @Test
    void versions_count_accepted_patches_from_one() {
        assertThat(TransactionMetadataPatches.nextVersion(null)).isEqualTo(1);
        assertThat(TransactionMetadataPatches.nextVersion(7L)).isEqualTo(8);
    }
}
