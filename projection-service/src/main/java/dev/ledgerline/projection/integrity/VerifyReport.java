package dev.ledgerline.projection.integrity;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The verifier's answer: {@code first_broken} is null when everything checked out; {@code incremental} when the run
 * started from the last valid run's checkpoint (the counts are then of the records read since).
 */
public record VerifyReport(
        @JsonProperty("valid") boolean valid,
        @JsonProperty("entries_checked") long entriesChecked,
        @JsonProperty("seals_checked") long sealsChecked,
        @JsonProperty("first_broken") Broken firstBroken,
        @JsonProperty("incremental") boolean incremental) {

    /** A run over the whole log. */
    public VerifyReport(boolean valid, long entriesChecked, long sealsChecked, Broken firstBroken) {
        this(valid, entriesChecked, sealsChecked, firstBroken, false);
    }

    /**
     * The first broken link. {@code reason} starts with a stable code ({@code hash_mismatch},
     * {@code version_gap}, ...; see docs/EVENTS.md), followed by ": " and details.
     */
    public record Broken(
            @JsonProperty("balance_id") String balanceId,
            @JsonProperty("version") Long version,
            @JsonProperty("topic") String topic,
            @JsonProperty("partition") Integer partition,
            @JsonProperty("offset") Long offset,
            @JsonProperty("reason") String reason) {

        public String code() {
            int colon = reason.indexOf(':');
            return colon < 0 ? reason : reason.substring(0, colon);
        }
    }
}
