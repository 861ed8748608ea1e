package dev.ledgerline.core.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SubscriptionLifecycleTest {

    @Test
    void givenNoSubscription_whenCreated_thenItIsCreatedNow() {
        SubscriptionLifecycle.Saved saved = SubscriptionLifecycle.save(Optional.empty(), true, 100);

        assertThat(saved.isAccepted()).isTrue();
        assertThat(saved.createdAtMs()).isEqualTo(100);
    }

    @Test
    void givenASubscription_whenCreatedAgainUnderItsId_thenTheCreateIsRefused() {
        assertThat(SubscriptionLifecycle.save(Optional.of(5L), true, 100).refusal())
                .isEqualTo(SubscriptionRefusal.SUBSCRIPTION_ALREADY_EXISTS);
    }

    @Test
    void givenASubscription_whenReplaced_thenItKeepsItsCreationTime() {
        SubscriptionLifecycle.Saved saved = SubscriptionLifecycle.save(Optional.of(5L), false, 100);

        assertThat(saved.isAccepted()).isTrue();
        assertThat(saved.createdAtMs()).isEqualTo(5);
    }

    @Test
    void givenNoSubscription_whenReplacedOrDeleted_thenItIsNotFound() {
        assertThat(SubscriptionLifecycle.save(Optional.empty(), false, 100).refusal())
                .isEqualTo(SubscriptionRefusal.SUBSCRIPTION_NOT_FOUND);
        assertThat(SubscriptionLifecycle.delete(false)).contains(SubscriptionRefusal.SUBSCRIPTION_NOT_FOUND);
        assertThat(SubscriptionLifecycle.delete(true)).isEmpty();
    }
}
