package dev.ledgerline.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class HookLifecycleTest {

    private static final Optional<HookLifecycle.Stored> ACTIVE_SINCE_10 =
            Optional.of(new HookLifecycle.Stored(5, 10L));
    private static final Optional<HookLifecycle.Stored> INACTIVE =
            Optional.of(new HookLifecycle.Stored(5, null));

    @Test
    void givenNoHook_whenCreatedActive_thenItIsCreatedAndActiveFromNow() {
        HookLifecycle.Saved saved = HookLifecycle.save(Optional.empty(), true, true, 100);

        assertThat(saved.isAccepted()).isTrue();
        assertThat(saved.createdAtMs()).isEqualTo(100);
        assertThat(saved.activeSinceMs()).isEqualTo(100);
    }

    @Test
    void givenAHook_whenCreatedAgainUnderItsId_thenTheCreateIsRefused() {
        assertThat(HookLifecycle.save(ACTIVE_SINCE_10, true, true, 100).refusal())
                .isEqualTo(HookRefusal.HOOK_ALREADY_EXISTS);
    }

    @Test
    void givenNoHook_whenUpdatedOrDeleted_thenItIsNotFound() {
        assertThat(HookLifecycle.save(Optional.empty(), false, true, 100).refusal())
                .isEqualTo(HookRefusal.HOOK_NOT_FOUND);
        assertThat(HookLifecycle.delete(Optional.empty())).contains(HookRefusal.HOOK_NOT_FOUND);
        assertThat(HookLifecycle.delete(ACTIVE_SINCE_10)).isEmpty();
    }

    @Test
    void givenAnActiveHook_whenUpdatedStillActive_thenItKeepsItsCreationAndActivationTimes() {
        HookLifecycle.Saved saved = HookLifecycle.save(ACTIVE_SINCE_10, false, true, 100);

        assertThat(saved.createdAtMs()).isEqualTo(5);
        assertThat(saved.activeSinceMs()).isEqualTo(10);
    }

    @Test
    void givenAnInactiveHook_whenActivated_thenItIsActiveFromNowNotFromBefore() {
        assertThat(HookLifecycle.save(INACTIVE, false, true, 100).activeSinceMs()).isEqualTo(100);
    }

    @Test
    void givenAnActiveHook_whenDeactivated_thenItHasNoActivationTime() {
        assertThat(HookLifecycle.save(ACTIVE_SINCE_10, false, false, 100).activeSinceMs()).isNull();
    }
}
