package dev.ledgerline.core;

import java.util.Optional;

/**
 * Whether the coordinator of an id accepts a {@code POST /{id}/metadata} patch for a transaction or a group (split or
 * bulk batch), and which version the merged patches get. The coordinator is the id's single owner, so patches are
 * merged one after the other and none is lost.
 */
public final class TransactionMetadataPatches {

    private TransactionMetadataPatches() {
    }

    /**
     * @param ownerKnowsId the coordinator holds the id as a transaction, as a group, or patched it before
     * @param recordSeen   the gateway found a transaction record with this id that has no lifecycle of its own (an
     *                     outcome, commit or void record, all written by the processor)
     * @param shownJson    the meta_data the answer shows after the merge (the record's own, then every patch)
     */
    public static Optional<RejectionReason> refusal(boolean ownerKnowsId, boolean recordSeen, String shownJson) {
        if (!ownerKnowsId && !recordSeen) {
            return Optional.of(RejectionReason.TRANSACTION_NOT_FOUND);
        }
        return MergedMetaData.sizeRejection(shownJson);
    }

    /** 1 for the first patch of an id, then one more for each accepted patch: readers keep the highest. */
    public static long nextVersion(Long previousVersion) {
        return previousVersion == null ? 1 : previousVersion + 1;
    }
}
