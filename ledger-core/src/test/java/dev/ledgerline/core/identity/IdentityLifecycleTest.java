package dev.ledgerline.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.RejectionReason;

class IdentityLifecycleTest {

    private static final Optional<IdentityLifecycle.Stored> LIVE =
            Optional.of(new IdentityLifecycle.Stored(false, Set.of(), Set.of()));
    private static final Optional<IdentityLifecycle.Stored> DELETED =
            Optional.of(new IdentityLifecycle.Stored(true, Set.of(), Set.of()));

    @Test
    void givenNoIdentity_whenCreated_thenAccepted_andGivenAnyStoredOne_thenAlreadyExists() {
        assertThat(IdentityLifecycle.create(Optional.empty())).isEmpty();
        assertThat(IdentityLifecycle.create(LIVE)).contains(RejectionReason.IDENTITY_ALREADY_EXISTS);
        assertThat(IdentityLifecycle.create(DELETED)).contains(RejectionReason.IDENTITY_ALREADY_EXISTS);
    }

    @Test
    void givenAMissingOrDeletedIdentity_whenChangedOrDeleted_thenNotFound() {
        for (Optional<IdentityLifecycle.Stored> gone : List.of(Optional.<IdentityLifecycle.Stored>empty(), DELETED)) {
            assertThat(IdentityLifecycle.change(gone)).contains(RejectionReason.IDENTITY_NOT_FOUND);
            assertThat(IdentityLifecycle.delete(gone)).contains(RejectionReason.IDENTITY_NOT_FOUND);
        }
        assertThat(IdentityLifecycle.change(LIVE)).isEmpty();
        assertThat(IdentityLifecycle.delete(LIVE)).isEmpty();
    }

    @Test
    void givenABalanceNamesTheIdentity_whenDeleted_thenInUse_untilTheBalanceLeavesIt() {
        IdentityLifecycle.Stored referenced = new IdentityLifecycle.Stored(false, Set.of(),
                IdentityLifecycle.referenced(LIVE.get(), "bln_1", true));

        assertThat(IdentityLifecycle.delete(Optional.of(referenced))).contains(RejectionReason.IDENTITY_IN_USE);

        IdentityLifecycle.Stored released = new IdentityLifecycle.Stored(false, Set.of(),
                IdentityLifecycle.referenced(referenced, "bln_1", false));
        assertThat(IdentityLifecycle.delete(Optional.of(released))).isEmpty();
    }

    @Test
    void givenAnIdentity_whenFieldsAreTokenized_thenTheirStructNamesAreAdded() {
        IdentityLifecycle.Tokenized result = IdentityLifecycle.tokenize(LIVE,
                List.of(IdentityField.PHONE_NUMBER, IdentityField.FIRST_NAME), true);

        assertThat(result.isAccepted()).isTrue();
        assertThat(result.tokenized()).containsExactlyInAnyOrder("PhoneNumber", "FirstName");
    }

    @Test
    void givenBlnksCheckOrder_whenTokenizing_thenNotFoundBeatsAlreadyTokenizedWhichBeatsDisabled() {
        Optional<IdentityLifecycle.Stored> phoneTokenized =
                Optional.of(new IdentityLifecycle.Stored(false, Set.of("PhoneNumber"), Set.of()));

        assertThat(IdentityLifecycle.tokenize(Optional.empty(), List.of(IdentityField.PHONE_NUMBER), false).refusal())
                .isEqualTo(RejectionReason.IDENTITY_NOT_FOUND);
        assertThat(IdentityLifecycle.tokenize(phoneTokenized, List.of(IdentityField.PHONE_NUMBER), false).refusal())
                .isEqualTo(RejectionReason.IDENTITY_FIELD_ALREADY_TOKENIZED);
        assertThat(IdentityLifecycle.tokenize(LIVE, List.of(IdentityField.PHONE_NUMBER), false).refusal())
                .isEqualTo(RejectionReason.TOKENIZATION_DISABLED);
    }

    @Test
    void givenTheSecondFieldIsAlreadyTokenized_whenBothAreTokenized_thenNoneIsAndTheRefusalNamesIt() {
        Optional<IdentityLifecycle.Stored> streetTokenized =
                Optional.of(new IdentityLifecycle.Stored(false, Set.of("Street"), Set.of()));

        IdentityLifecycle.Tokenized result = IdentityLifecycle.tokenize(streetTokenized,
                List.of(IdentityField.EMAIL_ADDRESS, IdentityField.STREET), true);

        assertThat(result.isAccepted()).isFalse();
        assertThat(result.field()).isEqualTo(IdentityField.STREET);
        assertThat(result.tokenized()).isEmpty();
    }

    @Test
    void givenFieldNames_whenReadAsTokenizable_thenPascalAndLowerCamelWorkAndSnakeCaseDoesNot() {
        assertThat(IdentityField.tokenizable("PhoneNumber")).contains(IdentityField.PHONE_NUMBER);
        assertThat(IdentityField.tokenizable("phoneNumber")).contains(IdentityField.PHONE_NUMBER);
        assertThat(IdentityField.tokenizable("phone_number")).isEmpty();
        assertThat(IdentityField.tokenizable("Gender")).isEmpty();
        assertThat(IdentityField.tokenizable("")).isEmpty();
    }

    @Test
    void givenIdentityIds_whenValidated_thenOnlyIdtAndAUuidPass() {
        assertThat(Ids.isIdentityId("idt_3f1e4a0c-8a61-4b7e-9a52-2d7a3c1b9e10")).isTrue();
        assertThat(Ids.isIdentityId("idt_not-a-uuid")).isFalse();
        assertThat(Ids.isIdentityId("3f1e4a0c-8a61-4b7e-9a52-2d7a3c1b9e10")).isFalse();
        assertThat(Ids.isIdentityId(null)).isFalse();
    }
}
