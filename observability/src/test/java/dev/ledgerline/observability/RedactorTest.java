package dev.ledgerline.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/*
 * Goal: credentials in any usual shape never survive redaction, and ordinary text does. Method: the
 * shapes from Blnk's redaction list (bearer tokens, URL credentials, query values) plus X-Blnk-Key,
 * passwords, DSN keys and secrets registered by value.
 */
class RedactorTest {

    @Test
    void bearer_tokens_lose_the_credential_but_keep_the_scheme() {
        assertThat(Redactor.redact("Authorization: Bearer abc.DEF-123_x=")).doesNotContain("abc.DEF-123_x=")
                .contains("Bearer [REDACTED]");
    }

    @Test
    void x_blnk_key_values_are_removed_in_header_json_and_property_shapes() {
        assertThat(Redactor.redact("X-Blnk-Key: sk_live_123456")).isEqualTo("X-Blnk-Key: [REDACTED]");
        assertThat(Redactor.redact("{\"X-Blnk-Key\":\"sk_live_123456\"}")).isEqualTo("{\"X-Blnk-Key\":\"[REDACTED]\"}");
        assertThat(Redactor.redact("headers x-blnk-key=sk_live_123456, next")).doesNotContain("sk_live_123456");
    }

    @Test
    void credentials_in_urls_and_dsns_are_removed_but_the_host_stays() {
        assertThat(Redactor.redact("exporting to https://wk_0123456789@observe.blnk.cloud/proj-1"))
                .isEqualTo("exporting to https://[REDACTED]@observe.blnk.cloud/proj-1");
        assertThat(Redactor.redact("postgres://ledger:s3cret@127.0.0.1:55432/ledgerline"))
                .isEqualTo("postgres://[REDACTED]@127.0.0.1:55432/ledgerline");
    }

    @Test
    void password_and_secret_values_are_removed_in_every_usual_shape() {
        assertThat(Redactor.redact("password=hunter2 user=bob")).isEqualTo("password=[REDACTED] user=bob");
        assertThat(Redactor.redact("{\"secret_key\": \"abc\\\"def\", \"name\": \"x\"}"))
                .isEqualTo("{\"secret_key\": \"[REDACTED]\", \"name\": \"x\"}");
        assertThat(Redactor.redact("spring.r2dbc.password: pa55")).isEqualTo("spring.r2dbc.password: [REDACTED]");
        assertThat(Redactor.redact("metrics_bearer_token=t0k3n")).isEqualTo("metrics_bearer_token=[REDACTED]");
    }

    @Test
    void query_values_are_removed_but_keys_and_paths_stay() {
        assertThat(Redactor.redact("GET /transactions?api_key=zzz&limit=10 200"))
                .isEqualTo("GET /transactions?api_key=[REDACTED]&limit=[REDACTED] 200");
    }

    @Test
    void a_registered_secret_is_removed_wherever_it_appears() {
        Redactor.registerSecret("registered-secret-value-42");

        assertThat(Redactor.redact("odd place registered-secret-value-42 in prose"))
                .isEqualTo("odd place [REDACTED] in prose");
    }

    @Test
    void ordinary_text_is_left_alone() {
        String line = "transaction txn_123 APPLIED: 2500 USD from bln_a to bln_b (token bucket refilled)";
        assertThat(Redactor.redact(line)).isEqualTo(line);
        assertThat(Redactor.redact(null)).isNull();
    }

    /** Pieces of the shapes the patterns look for, mixed with ordinary text, in any case. */
    private static final List<String> FRAGMENTS = List.of(
            "Bearer ", "basic ", "bEaReR\t", "https://", "postgres://u:p@", "@host", "://", "?", "&", "=", "a=1",
            "\"", "\": \"", ":", " ", ",", "password", "PassWord", "pwd", "secret", "token", "api_key", "api-key",
            "apikey", "write_key", "X-Blnk-Key", "authorization", "credential", "dsn", "key", "[REDACTED]",
            "GET /transactions", "txn_1234", "abc", "ÄÖü", "\\", "}", "]", "'", "#", ";", "\n", "0.5", "K");

    @Test
    void the_cheap_guards_never_change_a_result() {
        // Given text built from random fragments (seeded: a failure reproduces)
        SplittableRandom random = new SplittableRandom(20261203L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                String f = FRAGMENTS.get(random.nextInt(FRAGMENTS.size()));
                text.append(random.nextBoolean() ? f : f.toUpperCase(java.util.Locale.ROOT));
            }
            String line = text.toString();
            // When redacted with and without the guards, then the results are the same
            assertThat(Redactor.redact(line, true)).as("guarded redaction of %s", line)
                    .isEqualTo(Redactor.redact(line, false));
        }
    }

    @Test
    void a_plain_access_log_line_passes_the_guards_untouched() {
        String line = "http request method=POST path=/transactions status=201 duration_ms=12";
        assertThat(Redactor.redact(line)).isEqualTo(line);
    }
}
