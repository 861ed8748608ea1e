package dev.ledgerline.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ExportRedactionTest {

    private final ExportRedaction redaction = redactionOf(Map.of(
            "BLNK_MONITORING_DSN", "https://wk_live_secret@observe.example.com/prj",
            "BLNK_SERVER_SECRET_KEY", "master-secret-value"));

    private static ExportRedaction redactionOf(Map<String, Object> config) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", config));
        return ExportRedaction.from(environment);
    }

    @Test
    void removesConfiguredSecretsWhereverTheyAppear() {
        String redacted = redaction.redact("key wk_live_secret and master-secret-value in a sentence");

        assertThat(redacted).doesNotContain("wk_live_secret").doesNotContain("master-secret-value")
                .contains(ExportRedaction.MASK);
    }

    @Test
    void removesShapesOfSecrets() {
        assertThat(redaction.redact("Authorization: Bearer abc.def-ghi")).doesNotContain("abc.def-ghi");
        assertThat(redaction.redact("dsn http://user:pw@db.internal:5432/x")).doesNotContain("user:pw");
        assertThat(redaction.redact("GET /ledgers?api_key=k123&limit=10")).doesNotContain("k123")
                .startsWith("GET /ledgers?api_key=");
        assertThat(redaction.redact("{\"password\":\"hunter22\",\"X-Blnk-Key\": \"blnk_k\"}"))
                .doesNotContain("hunter22").doesNotContain("blnk_k");
        assertThat(redaction.redact("token=t0k3n; secret_key=s3cr3t")).doesNotContain("t0k3n").doesNotContain("s3cr3t");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String line = "transaction txn_0a1b applied to balance bln_42 (amount 2500 USD)";

        assertThat(redaction.redact(line)).isEqualTo(line);
    }
}
