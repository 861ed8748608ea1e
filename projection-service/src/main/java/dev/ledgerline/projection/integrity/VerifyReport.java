package dev.ledgerline.projection.integrity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The verifier's answer: {@code first_broken} is null when everything checked out. */
public record VerifyReport(
        @JsonProperty("valid") boolean valid,
        @JsonProperty("entries_checked") long entriesChecked,
        @JsonProperty("seals_checked") long sealsChecked,
        @JsonProperty("first_broken") Broken firstBroken) {

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
