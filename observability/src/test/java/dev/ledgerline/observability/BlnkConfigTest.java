package dev.ledgerline.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/*
 * Goal: Blnk users configure Ledgerline exactly as Blnk — BLNK_* variables and blnk.json, both — and
 * a variable wins over the file. Method: real files in a temporary working directory, the environment
 * passed as a map.
 */
class BlnkConfigTest {

    @TempDir
    Path workingDirectory;

    @Test
    void without_file_or_variables_everything_has_blnks_defaults() {
        BlnkConfig config = BlnkConfig.load(Map.of(), workingDirectory);

        assertThat(config.enableObservability()).isFalse();
        assertThat(config.secure()).isFalse();
        assertThat(config.metricsBearerToken()).isEmpty();
        assertThat(config.secretKey()).isEmpty();
        assertThat(config.monitoringDsn()).isEmpty();
        assertThat(config.serverPort()).isEqualTo(5001);
        assertThat(config.monitoringPort()).isEqualTo(5004);
        assertThat(config.source()).isEqualTo("environment only");
    }

    @Test
    void blnk_json_in_the_working_directory_is_read_with_blnks_nested_keys() throws IOException {
        // given the file as Blnk documents it (ports as strings, as Blnk writes them)
        Files.writeString(workingDirectory.resolve("blnk.json"), """
                {
                  "enable_observability": true,
                  "monitoring_dsn": "https://wk_file@observe.example/proj",
                  "server": {"secure": true, "secret_key": "master-from-file", "metrics_bearer_token": "tok-from-file",
                             "port": "6001", "ssl": false},
                  "queue": {"monitoring_port": 6004, "number_of_queues": 20},
                  "data_source": {"dns": "postgres://u:p@h/db"}
                }""");

        // when
        BlnkConfig config = BlnkConfig.load(Map.of(), workingDirectory);

        // then
        assertThat(config.enableObservability()).isTrue();
        assertThat(config.monitoringDsn()).isEqualTo("https://wk_file@observe.example/proj");
        assertThat(config.secure()).isTrue();
        assertThat(config.secretKey()).isEqualTo("master-from-file");
        assertThat(config.metricsBearerToken()).isEqualTo("tok-from-file");
        assertThat(config.serverPort()).isEqualTo(6001);
        assertThat(config.monitoringPort()).isEqualTo(6004);
        assertThat(config.source()).endsWith("blnk.json");
    }

    @Test
    void a_variable_wins_over_the_file_key_by_key() throws IOException {
        Files.writeString(workingDirectory.resolve("blnk.json"), """
                {"enable_observability": false, "server": {"metrics_bearer_token": "tok-from-file", "port": "6001",
                 "secure": true}}""");
        Map<String, String> environment = Map.of(
                "BLNK_ENABLE_OBSERVABILITY", "true",
                "BLNK_METRICS_BEARER_TOKEN", "tok-from-env",
                "BLNK_QUEUE_MONITORING_PORT", "7004");

        BlnkConfig config = BlnkConfig.load(environment, workingDirectory);

        assertThat(config.enableObservability()).isTrue();
        assertThat(config.metricsBearerToken()).isEqualTo("tok-from-env");
        assertThat(config.monitoringPort()).isEqualTo(7004);
        // keys without a variable still come from the file
        assertThat(config.serverPort()).isEqualTo(6001);
        assertThat(config.secure()).isTrue();
    }

    @Test
    void blnk_config_file_names_the_file_to_read_instead_of_the_working_directory() throws IOException {
        Files.writeString(workingDirectory.resolve("blnk.json"), "{\"server\": {\"port\": \"6001\"}}");
        Path elsewhere = Files.createDirectory(workingDirectory.resolve("etc")).resolve("custom.json");
        Files.writeString(elsewhere, "{\"server\": {\"port\": \"6002\"}}");

        BlnkConfig config = BlnkConfig.load(Map.of("BLNK_CONFIG_FILE", elsewhere.toString()), workingDirectory);

        assertThat(config.serverPort()).isEqualTo(6002);
        assertThat(config.source()).isEqualTo(elsewhere.toString());
    }

    @Test
    void the_monitoring_dsn_has_two_variable_names_and_two_file_keys_in_that_order() throws IOException {
        Files.writeString(workingDirectory.resolve("blnk.json"),
                "{\"cloud_dsn\": \"https://k1@docs-key.example/p\"}");
        assertThat(BlnkConfig.load(Map.of(), workingDirectory).monitoringDsn())
                .as("the docs' cloud_dsn key").isEqualTo("https://k1@docs-key.example/p");

        Files.writeString(workingDirectory.resolve("blnk.json"),
                "{\"cloud_dsn\": \"https://k1@docs-key.example/p\", \"monitoring_dsn\": \"https://k2@code-key.example/p\"}");
        assertThat(BlnkConfig.load(Map.of(), workingDirectory).monitoringDsn())
                .as("the code's monitoring_dsn key wins").isEqualTo("https://k2@code-key.example/p");

        Map<String, String> environment = new HashMap<>(Map.of("BLNK_CLOUD_DSN", "https://k3@legacy.example/p"));
        assertThat(BlnkConfig.load(environment, workingDirectory).monitoringDsn())
                .as("legacy variable over the file").isEqualTo("https://k3@legacy.example/p");

        environment.put("BLNK_MONITORING_DSN", "https://k4@current.example/p");
        assertThat(BlnkConfig.load(environment, workingDirectory).monitoringDsn())
                .as("current variable over the legacy one").isEqualTo("https://k4@current.example/p");
    }

    @Test
    void booleans_accept_gos_spellings_and_empty_variables_count_as_unset() {
        assertThat(BlnkConfig.load(Map.of("BLNK_SERVER_SECURE", "1"), workingDirectory).secure()).isTrue();
        assertThat(BlnkConfig.load(Map.of("BLNK_SERVER_SECURE", "TRUE"), workingDirectory).secure()).isTrue();
        assertThat(BlnkConfig.load(Map.of("BLNK_SERVER_SECURE", "f"), workingDirectory).secure()).isFalse();
        assertThat(BlnkConfig.load(Map.of("BLNK_METRICS_BEARER_TOKEN", "  "), workingDirectory).metricsBearerToken())
                .isEmpty();
    }

    @Test
    void a_value_that_cannot_mean_anything_stops_the_start_with_the_key_named() throws IOException {
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_ENABLE_OBSERVABILITY", "yes please"), workingDirectory))
                .isInstanceOf(BlnkConfig.InvalidBlnkConfigException.class).hasMessageContaining("BLNK_ENABLE_OBSERVABILITY");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_SERVER_PORT", "70000"), workingDirectory))
                .hasMessageContaining("BLNK_SERVER_PORT");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_CONFIG_FILE", "missing.json"), workingDirectory))
                .hasMessageContaining("BLNK_CONFIG_FILE");

        Files.writeString(workingDirectory.resolve("blnk.json"), "{\"server\": {\"secure\": \"maybe\"}}");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of(), workingDirectory)).hasMessageContaining("server.secure");

        Files.writeString(workingDirectory.resolve("blnk.json"), "{ not json");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of(), workingDirectory)).hasMessageContaining("blnk.json");
    }

    @Test
    void the_printed_form_never_shows_secrets() {
        BlnkConfig config = BlnkConfig.load(Map.of("BLNK_SERVER_SECRET_KEY", "master-key-123",
                "BLNK_METRICS_BEARER_TOKEN", "metrics-token-456",
                "BLNK_MONITORING_DSN", "https://write-key-789@observe.example/proj"), workingDirectory);

        assertThat(config.toString()).doesNotContain("master-key-123", "metrics-token-456", "write-key-789")
                .contains("secret_key=set", "observe.example");
    }

    @Test
    void spring_sees_the_values_under_the_blnk_prefix_never_under_its_own_server_keys() {
        BlnkConfig config = BlnkConfig.load(Map.of("BLNK_SERVER_PORT", "6101", "BLNK_QUEUE_MONITORING_PORT", "6104"),
                workingDirectory);

        assertThat(config.toProperties())
                .containsEntry("blnk.server.port", 6101)
                .containsEntry("blnk.queue.monitoring-port", 6104)
                .containsEntry("blnk.enable-observability", false)
                .allSatisfy((key, value) -> assertThat(key).startsWith("blnk."));
    }
    @Test
    void webhook_url_and_headers_come_from_blnks_variables_in_blnks_map_syntax() {
        // given the variables as Blnk's code parses them (envconfig: K:V,K2:V2)
        BlnkConfig config = BlnkConfig.load(Map.of("BLNK_WEBHOOK_URL", "https://hooks.example/blnk",
                "BLNK_WEBHOOK_HEADERS", "Authorization:Bearer abc123, X-Tenant:acme"), workingDirectory);

        // then both reach Spring under blnk.notification.webhook, header names with their case kept
        assertThat(config.webhookUrl()).isEqualTo("https://hooks.example/blnk");
        assertThat(config.webhookHeaders()).containsExactly(Map.entry("Authorization", "Bearer abc123"),
                Map.entry("X-Tenant", "acme"));
        assertThat(config.toProperties())
                .containsEntry("blnk.notification.webhook.url", "https://hooks.example/blnk")
                .containsEntry("blnk.notification.webhook.headers[Authorization]", "Bearer abc123")
                .containsEntry("blnk.notification.webhook.headers[X-Tenant]", "acme");
    }

    @Test
    void webhook_headers_as_a_json_object_in_the_variable_are_read_as_blnks_docs_mean_them() {
        BlnkConfig config = BlnkConfig.load(Map.of("BLNK_WEBHOOK_HEADERS",
                "{\"Authorization\": \"Bearer a:b,c\", \"X-Count\": 3}"), workingDirectory);

        // a JSON value may hold ':' and ',', which the map syntax cannot
        assertThat(config.webhookHeaders()).containsExactly(Map.entry("Authorization", "Bearer a:b,c"),
                Map.entry("X-Count", "3"));
    }

    @Test
    void webhook_settings_in_blnk_json_are_a_url_and_a_json_object_and_a_variable_wins() throws IOException {
        Files.writeString(workingDirectory.resolve("blnk.json"), """
                {"notification": {"webhook": {"url": "http://127.0.0.1:9000/hook",
                                              "headers": {"X-Api-Key": "from-file"}}}}""");

        BlnkConfig fromFile = BlnkConfig.load(Map.of(), workingDirectory);
        BlnkConfig overridden = BlnkConfig.load(Map.of("BLNK_WEBHOOK_HEADERS", "X-Api-Key:from-env"), workingDirectory);

        assertThat(fromFile.webhookUrl()).isEqualTo("http://127.0.0.1:9000/hook");
        assertThat(fromFile.webhookHeaders()).containsExactly(Map.entry("X-Api-Key", "from-file"));
        assertThat(overridden.webhookHeaders()).containsExactly(Map.entry("X-Api-Key", "from-env"));
    }

    @Test
    void without_webhook_settings_there_are_no_webhooks() {
        BlnkConfig config = BlnkConfig.load(Map.of(), workingDirectory);

        assertThat(config.webhookUrl()).isEmpty();
        assertThat(config.webhookHeaders()).isEmpty();
        assertThat(config.toProperties()).containsEntry("blnk.notification.webhook.url", "");
    }

    @Test
    void unusable_webhook_settings_stop_the_start_naming_the_key_but_never_a_header_value() {
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_WEBHOOK_URL", "file:///etc/passwd"), workingDirectory))
                .hasMessageContaining("BLNK_WEBHOOK_URL").hasMessageContaining("http");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_WEBHOOK_URL", "localhost:8080/hook"), workingDirectory))
                .hasMessageContaining("BLNK_WEBHOOK_URL");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_WEBHOOK_HEADERS", "secret-without-colon"),
                workingDirectory))
                .hasMessageContaining("BLNK_WEBHOOK_HEADERS").hasMessageNotContaining("secret-without-colon");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_WEBHOOK_HEADERS", "Host:evil.example"), workingDirectory))
                .hasMessageContaining("Host");
        assertThatThrownBy(() -> BlnkConfig.load(Map.of("BLNK_WEBHOOK_HEADERS", "Bad Name:v"), workingDirectory))
                .hasMessageContaining("not a valid HTTP header name");
    }

    @Test
    void the_printed_form_names_the_webhook_host_and_header_names_only() {
        BlnkConfig config = BlnkConfig.load(Map.of("BLNK_WEBHOOK_URL", "https://hooks.example:8443/t/tok-in-path?k=v",
                "BLNK_WEBHOOK_HEADERS", "Authorization:Bearer header-secret-1"), workingDirectory);

        assertThat(config.toString()).contains("https://hooks.example:8443", "Authorization")
                .doesNotContain("tok-in-path", "header-secret-1", "k=v");
    }
}
