package dev.ledgerline.gateway.identities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.core.identity.StoredPii;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.json.Json;

class IdentityInputTest {

    private static final String ID = "idt_3f1e4a0c-8a61-4b7e-9a52-2d7a3c1b9e10";
    private static final Optional<PiiKeyring> KEYS = PiiKeyring.of("0123456789abcdef0123456789abcdef", List.of());

    private static IdentityInput read(String json, Optional<PiiKeyring> keys) {
        return IdentityInput.read(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)), ID, keys);
    }

    @Test
    void givenAKey_whenABodyIsRead_thenPersonalFieldsAreSealedAndTheOthersKeptInClear() {
        IdentityInput input = read("""
                {"identity_type":"individual","first_name":"Ada","phone_number":"+2348000000001","last_name":"",
                 "country":"NG","dob":"1990-01-01T23:30:00-02:00","meta_data":{"tier":1,"tokenized_fields":{"X":true}}}""",
                KEYS);

        assertThat(input.fields()).containsEntry("identity_type", "individual").containsEntry("country", "NG")
                .doesNotContainKey("last_name");
        assertThat(input.fields().get("phone_number")).startsWith("seal:").doesNotContain("8000000001");
        assertThat(StoredPii.read(input.fields().get("phone_number"), ID, IdentityField.PHONE_NUMBER, KEYS))
                .isEqualTo("+2348000000001");
        assertThat(input.dobMs()).isEqualTo(631_238_400_000L); // 1990-01-02, the UTC day of that instant
        assertThat(input.metaJson()).isEqualTo("{\"tier\":1}");
    }

    @Test
    void givenNoKey_whenABodyIsRead_thenPersonalFieldsAreMarkedPlain() {
        assertThat(read("{\"street\":\"1 Main St\"}", Optional.empty()).fields()).containsEntry("street", "plain:1 Main St");
    }

    @Test
    void givenBlnksPutRules_whenNothingWritableIsSent_thenTheInputIsEmpty() {
        assertThat(read("{\"first_name\":\"\",\"dob\":\"0001-01-01T00:00:00Z\"}", KEYS).isEmpty()).isTrue();
        assertThat(read("{}", KEYS).isEmpty()).isTrue();
    }

    @Test
    void givenADateWithoutATime_whenRead_thenItIsRefusedAsBlnkRefusesIt() {
        assertThatThrownBy(() -> read("{\"dob\":\"1990-01-01\"}", KEYS)).isInstanceOf(ApiException.class)
                .hasMessageContaining("dob");
        assertThatThrownBy(() -> read("{\"phone_number\":7}", KEYS)).isInstanceOf(ApiException.class);
    }
}
