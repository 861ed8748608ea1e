package dev.ledgerline.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.RejectionReason;

class ApiKeyLifecycleTest {

    private static final Optional<ApiKeyLifecycle.Stored> ACTIVE =
            Optional.of(new ApiKeyLifecycle.Stored("owner-a", false, null));

    @Test
    void aKeyIsCreatedOnce() {
        assertThat(ApiKeyLifecycle.create(Optional.empty())).isEmpty();
        assertThat(ApiKeyLifecycle.create(ACTIVE)).contains(RejectionReason.API_KEY_ALREADY_EXISTS);
    }

    @Test
    void onlyTheOwnersRequestRevokesAndAnotherOwnersKeyIsNotFound() {
        assertThat(ApiKeyLifecycle.revoke(ACTIVE, "owner-b", 10).refusal()).isEqualTo(RejectionReason.API_KEY_NOT_FOUND);
        assertThat(ApiKeyLifecycle.revoke(Optional.empty(), "owner-a", 10).refusal())
                .isEqualTo(RejectionReason.API_KEY_NOT_FOUND);
        ApiKeyLifecycle.Revocation revoked = ApiKeyLifecycle.revoke(ACTIVE, "owner-a", 10);
        assertThat(revoked.isAccepted()).isTrue();
        assertThat(revoked.revokedAtMs()).isEqualTo(10);
    }

    @Test
    void revokingAgainKeepsTheFirstRevocationTime() {
        Optional<ApiKeyLifecycle.Stored> revoked = Optional.of(new ApiKeyLifecycle.Stored("owner-a", true, 10L));

        ApiKeyLifecycle.Revocation again = ApiKeyLifecycle.revoke(revoked, "owner-a", 99);

        assertThat(again.isAccepted()).isTrue();
        assertThat(again.revokedAtMs()).isEqualTo(10);
    }
}
