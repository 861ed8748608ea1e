package dev.ledgerline.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MonitoringDsnTest {

    @Test
    void parsesTheBlnkCloudForm() {
        // when
        MonitoringDsn dsn = MonitoringDsn.parse("https://wk_live_123@observe.blnk.cloud/prj_42", "BLNK_CLOUD_DSN");

        // then
        assertThat(dsn.baseUrl()).isEqualTo("https://observe.blnk.cloud");
        assertThat(dsn.writeKey()).isEqualTo("wk_live_123");
        assertThat(dsn.projectId()).isEqualTo("prj_42");
        assertThat(dsn.headers()).containsEntry("Authorization", "Bearer wk_live_123")
                .containsEntry(MonitoringDsn.PROJECT_HEADER, "prj_42");
        assertThat(dsn.toString()).doesNotContain("wk_live_123");
    }

    @Test
    void keepsAnExplicitPortAndAllowsHttpOnLoopback() {
        MonitoringDsn dsn = MonitoringDsn.parse("http://key@127.0.0.1:4318/proj/", "BLNK_MONITORING_DSN");

        assertThat(dsn.baseUrl()).isEqualTo("http://127.0.0.1:4318");
        assertThat(dsn.projectId()).isEqualTo("proj");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://s3cr3tkey@observe.example.com/proj", // plain http to a remote host
        "https://observe.example.com/proj",           // no write key
        "https://s3cr3tkey@observe.example.com",      // no project
        "https://s3cr3tkey@observe.example.com/a/b",  // project is not one segment
        "https://s3cr3tkey:pw@observe.example.com/p", // user:password is not a write key
        "https://s3cr3tkey@observe.example.com/p?x=1",
        "ftp://s3cr3tkey@observe.example.com/p",
        "s3cr3tkey at observe"
    })
    void rejectsMalformedDsnsNamingTheVariableButNotTheKey(String dsn) {
        assertThatThrownBy(() -> MonitoringDsn.parse(dsn, "BLNK_MONITORING_DSN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BLNK_MONITORING_DSN")
                .hasMessageContaining("https://<write-key>@<host>/<project-id>")
                .hasMessageNotContaining("s3cr3tkey");
    }
}
