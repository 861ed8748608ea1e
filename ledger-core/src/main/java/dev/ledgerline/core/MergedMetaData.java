package dev.ledgerline.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.ledgerline.core.input.TextRules;

/**
 * The bound on an entity's stored {@code meta_data} after a {@code POST /{id}/metadata} merge. Each request's object
 * is bounded at the gateway; without this, patches with new keys would grow one record until Kafka's record limit
 * refused it, and the owner's command would be set aside instead of answered.
 */
public final class MergedMetaData {

    private MergedMetaData() {
    }

    /** Refused when the merged object's compact JSON is larger than {@link TextRules#MAX_META_DATA_BYTES}. */
    public static Optional<RejectionReason> sizeRejection(String mergedJson) {
        return utf8Length(mergedJson) > TextRules.MAX_META_DATA_BYTES
                ? Optional.of(RejectionReason.METADATA_TOO_LARGE) : Optional.empty();
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
