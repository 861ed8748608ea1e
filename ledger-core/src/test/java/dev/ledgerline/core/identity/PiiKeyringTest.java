package dev.ledgerline.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class PiiKeyringTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String NEXT_SECRET = "fedcba9876543210fedcba9876543210";
    private static final String ID = "idt_3f1e4a0c-8a61-4b7e-9a52-2d7a3c1b9e10";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static PiiKeyring keyring(String secret, String... previous) {
        return PiiKeyring.of(secret, List.of(previous)).orElseThrow();
    }

    @Property(tries = 200)
    void givenAnyValue_whenSealedAndOpened_thenItRoundTripsWithoutAppearingInTheSealedForm(@ForAll String value) {
        PiiKeyring keys = keyring(SECRET);

        String sealed = keys.seal(value, ID, "phone_number", RANDOM);

        assertThat(keys.open(sealed, ID, "phone_number")).isEqualTo(value);
        if (value.length() >= 4) {
            assertThat(sealed).doesNotContain(value);
        }
    }

    @Test
    void givenAValueWithColons_whenSealed_thenItRoundTripsAndItsTokenToo() {
        PiiKeyring keys = keyring(SECRET);
        String value = "+1:555:0100:ext:9";

        String sealed = keys.seal(value, ID, "phone_number", RANDOM);

        assertThat(keys.open(sealed, ID, "phone_number")).isEqualTo(value);
        assertThat(StoredPii.token(sealed)).startsWith("tok_" + keys.currentKeyId() + "_").doesNotContain("555");
    }

    @Test
    void givenTheSameValueTwice_whenSealed_thenTheSealedFormsAndTokensDiffer() {
        PiiKeyring keys = keyring(SECRET);

        String first = keys.seal("+15550100", ID, "phone_number", RANDOM);
        String second = keys.seal("+15550100", ID, "phone_number", RANDOM);

        assertThat(first).isNotEqualTo(second);
        assertThat(StoredPii.token(first)).isNotEqualTo(StoredPii.token(second));
        byte[] body = Base64.getUrlDecoder().decode(first.substring(first.lastIndexOf(':') + 1));
        assertThat(body).hasSize(12 + "+15550100".getBytes(StandardCharsets.UTF_8).length + 16);
    }

    @Test
    void givenASealedValue_whenOpenedForAnotherIdentityOrField_thenItIsRefused() {
        PiiKeyring keys = keyring(SECRET);
        String sealed = keys.seal("Ada", ID, "first_name", RANDOM);

        assertThatThrownBy(() -> keys.open(sealed, ID, "last_name")).isInstanceOf(PiiException.class);
        assertThatThrownBy(() -> keys.open(sealed, "idt_other", "first_name")).isInstanceOf(PiiException.class);
    }

    @Test
    void givenAnAlteredSealedValue_whenOpened_thenItIsRefusedWithoutTheValueInTheMessage() {
        PiiKeyring keys = keyring(SECRET);
        String sealed = keys.seal("Ada Lovelace", ID, "first_name", RANDOM);
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> keys.open(altered, ID, "first_name"))
                .isInstanceOf(PiiException.class).message().doesNotContain("Ada");
    }

    @Test
    void givenARotatedSecret_whenOldValuesAreOpened_thenThePreviousSecretOpensThemAndNewOnesUseTheNewKey() {
        PiiKeyring before = keyring(SECRET);
        String old = before.seal("old@example.com", ID, "email_address", RANDOM);

        PiiKeyring after = keyring(NEXT_SECRET, SECRET);
        String fresh = after.seal("new@example.com", ID, "email_address", RANDOM);

        assertThat(after.open(old, ID, "email_address")).isEqualTo("old@example.com");
        assertThat(fresh).startsWith("seal:" + after.currentKeyId() + ":");
        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.keyIds()).containsExactly(after.currentKeyId(), before.currentKeyId());
        assertThatThrownBy(() -> before.open(fresh, ID, "email_address")).isInstanceOf(PiiException.class);
    }

    @Test
    void givenASecretThatIsNotExactly32Bytes_whenAKeyringIsMade_thenTokenizationIsDisabled() {
        assertThat(PiiKeyring.of(null, List.of())).isEmpty();
        assertThat(PiiKeyring.of("short", List.of())).isEmpty();
        assertThat(PiiKeyring.of(SECRET + "x", List.of())).isEmpty();
        assertThat(PiiKeyring.of("é".repeat(16), List.of())).isPresent(); // 32 bytes of UTF-8, as Blnk counts
    }

    @Test
    void givenNoSecret_whenAValueIsStored_thenItIsMarkedPlainAndReadBack() {
        String stored = StoredPii.store("seal:x:y", ID, IdentityField.STREET, Optional.empty(), RANDOM);

        assertThat(stored).isEqualTo("plain:seal:x:y");
        assertThat(StoredPii.read(stored, ID, IdentityField.STREET, Optional.empty())).isEqualTo("seal:x:y");
        assertThat(StoredPii.store("", ID, IdentityField.STREET, Optional.empty(), RANDOM)).isEmpty();
        assertThat(StoredPii.token(stored)).isEqualTo("tok_unsealed");
    }

    @Test
    void givenASecret_whenAValueIsStored_thenItIsSealedAndReadBackWithTheKeyOnly() {
        Optional<PiiKeyring> keys = PiiKeyring.of(SECRET, List.of());
        String stored = StoredPii.store("10 Downing St", ID, IdentityField.STREET, keys, RANDOM);

        assertThat(stored).startsWith("seal:").doesNotContain("Downing");
        assertThat(StoredPii.read(stored, ID, IdentityField.STREET, keys)).isEqualTo("10 Downing St");
        assertThatThrownBy(() -> StoredPii.read(stored, ID, IdentityField.STREET, Optional.empty()))
                .isInstanceOf(PiiException.class);
    }
}
