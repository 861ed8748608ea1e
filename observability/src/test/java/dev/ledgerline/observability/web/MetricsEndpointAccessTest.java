package dev.ledgerline.observability.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.observability.ObservedTestApplication;

/*
 * Goal: /metrics and /monitoring follow Blnk's rules word for word — registered only with observability
 * on (404 otherwise), bearer token required when set (401 when missing or wrong), secure mode without a
 * token closes them (403), X-Blnk-Key never opens them. Method: a real WebFlux server with the
 * auto-configuration, one per configuration, called over real HTTP.
 */
class MetricsEndpointAccessTest {

    private static final String TOKEN = "scrape-token-for-tests";
    private static final String MASTER_KEY = "master-key-for-tests";

    @Test
    void with_observability_off_metrics_is_not_registered_but_monitoring_is_open() {
        try (var service = ObservedTestApplication.start()) {
            WebTestClient http = service.http();

            http.get().uri("/metrics").exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error_detail.code").isEqualTo("GEN_NOT_FOUND");
            http.get().uri("/monitoring").exchange().expectStatus().isOk();
            http.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void with_observability_on_and_no_token_metrics_is_open_prometheus_text_with_the_service_tag() {
        try (var service = ObservedTestApplication.start("--blnk.enable-observability=true")) {
            WebTestClient http = service.http();
            http.get().uri("/ledgers").exchange().expectStatus().isOk();

            // The server records a request's timer as its exchange completes, which may be just after the client
            // has the answer: read /metrics until the request shows (bounded), then check the whole text.
            String body = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                body = http.get().uri("/metrics").exchange()
                        .expectStatus().isOk()
                        .expectHeader().valueMatches(HttpHeaders.CONTENT_TYPE, "text/plain;\\s*version=0\\.0\\.4.*")
                        .expectBody(String.class).returnResult().getResponseBody();
            } while (!body.contains("uri=\"/ledgers\"") && System.nanoTime() < deadline);

            assertThat(body).contains("# TYPE jvm_threads_live_threads gauge")
                    .containsPattern("http_server_requests_seconds_bucket\\{[^}]*service=\"obs-test\"[^}]*uri=\"/ledgers\"")
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*outcome=\"SUCCESS\"")
                    // no long-task timer per request (the /metrics request itself would be one in progress)
                    .doesNotContain("http_server_requests_active_seconds");
        }
    }

    @Test
    void with_a_token_metrics_and_monitoring_need_exactly_that_bearer_token() {
        try (var service = ObservedTestApplication.start("--blnk.enable-observability=true",
                "--blnk.server.metrics-bearer-token=" + TOKEN, "--blnk.server.secure=true",
                "--blnk.server.secret-key=" + MASTER_KEY)) {
            WebTestClient http = service.http();

            for (String path : new String[] {"/metrics", "/monitoring", "/monitoring/api/queues"}) {
                http.get().uri(path).exchange()
                        .expectStatus().isUnauthorized()
                        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .expectBody().jsonPath("$.error_detail.code").isEqualTo("AUTH_METRICS_TOKEN_REQUIRED");
                http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN + "x").exchange()
                        .expectStatus().isUnauthorized()
                        .expectBody().jsonPath("$.error_detail.code").isEqualTo("AUTH_INVALID_BEARER_TOKEN");
                http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Basic " + TOKEN).exchange()
                        .expectStatus().isUnauthorized();
                // the master API key is a valid credential everywhere else, never here
                http.get().uri(path).header("X-Blnk-Key", MASTER_KEY).exchange().expectStatus().isUnauthorized();
                http.get().uri(path).header("X-Blnk-Key", TOKEN).exchange().expectStatus().isUnauthorized();
                http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
                        .expectStatus().isOk();
            }
            http.get().uri("/monitoring").header(HttpHeaders.AUTHORIZATION, "bearer " + TOKEN).exchange()
                    .expectStatus().isOk().expectBody(String.class).isEqualTo("queue dashboard");
        }
    }

    @Test
    void secure_mode_without_a_token_closes_metrics_and_monitoring_even_for_the_master_key() {
        try (var service = ObservedTestApplication.start("--blnk.enable-observability=true", "--blnk.server.secure=true",
                "--blnk.server.secret-key=" + MASTER_KEY)) {
            WebTestClient http = service.http();

            for (String path : new String[] {"/metrics", "/monitoring"}) {
                http.get().uri(path).exchange().expectStatus().isForbidden()
                        .expectBody().jsonPath("$.error_detail.code").isEqualTo("AUTH_METRICS_DISABLED");
                http.get().uri(path).header("X-Blnk-Key", MASTER_KEY).exchange().expectStatus().isForbidden();
                http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER_KEY).exchange()
                        .expectStatus().isForbidden();
            }
        }
    }
}
