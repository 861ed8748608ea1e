package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/*
 * Goal: a receiver written for Blnk verifies Ledgerline's signature unchanged. Method: a known answer computed
 * outside Java (Python's hmac and `openssl dgst -sha256 -hmac`, which agree), over Blnk's message
 * "<timestamp>.<body>".
 */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"event\":\"ledger.created\",\"data\":{\"ledger_id\":\"ldg_1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signs_timestamp_dot_body_with_hmac_sha256_in_lower_case_hex() {
        // given Blnk's secret key and the timestamp of an attempt
        WebhookSignature signature = new WebhookSignature("blnk-secret-key");

        // when the body is signed
        String signed = signature.sign(1_700_000_000L, BODY);

        // then it is the known answer:
        // printf '%s' '1700000000.{"event":"ledger.created","data":{"ledger_id":"ldg_1"}}' \
        //   | openssl dgst -sha256 -hmac 'blnk-secret-key'
        assertThat(signed).isEqualTo("b27f819d0d1705f48f10571c30a3f559c90c51ec14e7aaf9701bf2fde77f4936");
    }

    @Test
    void another_timestamp_or_one_changed_byte_gives_another_signature() {
        WebhookSignature signature = new WebhookSignature("blnk-secret-key");
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] = '2';

        assertThat(signature.sign(1_700_000_001L, BODY)).isNotEqualTo(signature.sign(1_700_000_000L, BODY));
        assertThat(signature.sign(1_700_000_000L, tampered)).isNotEqualTo(signature.sign(1_700_000_000L, BODY));
    }

    @Test
    void an_empty_secret_is_not_a_key_deliveries_are_then_unsigned_instead() {
        assertThatThrownBy(() -> new WebhookSignature("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void its_printed_form_never_shows_the_key() {
        assertThat(new WebhookSignature("blnk-secret-key")).hasToString("WebhookSignature[HmacSHA256, key redacted]");
    }
}
