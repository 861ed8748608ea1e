package dev.ledgerline.observability.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.observability.ObservedTestApplication;

/*
 * Goal: an internal service (projection-service, ledger-processor) in secure mode answers nothing but /health
 * without the master key or the gateway's internal token; a secure service without a master key does not start.
 * Method: a real WebFlux server with the observability auto-configuration, called over real HTTP.
 */
class InternalAccessTest {

    private static final String MASTER_KEY = "master-key-for-internal-tests";

    @Test
    void secure_internal_service_refuses_queries_without_a_credential_but_keeps_health_open() {
        try (var service = ObservedTestApplication.start("--blnk.server.secure=true",
                "--blnk.server.secret-key=" + MASTER_KEY, "--ledgerline.internal-service=true")) {
            WebTestClient http = service.http();
            String derivedToken = InternalCredential.derive(MASTER_KEY);

            // Given no credential, When a query comes, Then 401 AUTH_MISSING_API_KEY
            http.get().uri("/ledgers").exchange().expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.error_detail.code").isEqualTo("AUTH_MISSING_API_KEY");
            // a wrong master key or a wrong token: 401 AUTH_INVALID_API_KEY
            http.get().uri("/ledgers").header(InternalCredential.BLNK_KEY_HEADER, MASTER_KEY + "x").exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.error_detail.code").isEqualTo("AUTH_INVALID_API_KEY");
            http.get().uri("/ledgers").header(InternalCredential.TOKEN_HEADER, derivedToken + "x").exchange()
                    .expectStatus().isUnauthorized();
            // the token is not a master key, nor the master key a token
            http.get().uri("/ledgers").header(InternalCredential.BLNK_KEY_HEADER, derivedToken).exchange()
                    .expectStatus().isUnauthorized();
            http.get().uri("/ledgers").header(InternalCredential.TOKEN_HEADER, MASTER_KEY).exchange()
                    .expectStatus().isUnauthorized();
            // unknown paths are not a way round it
            http.get().uri("/anything/else").exchange().expectStatus().isUnauthorized();

            http.get().uri("/ledgers").header(InternalCredential.BLNK_KEY_HEADER, MASTER_KEY).exchange()
                    .expectStatus().isOk();
            http.get().uri("/ledgers").header(InternalCredential.TOKEN_HEADER, derivedToken).exchange()
                    .expectStatus().isOk();
            http.get().uri("/health").exchange().expectStatus().isOk();
        }
    }

    @Test
    void a_configured_internal_token_replaces_the_derived_one() {
        try (var service = ObservedTestApplication.start("--blnk.server.secure=true",
                "--blnk.server.secret-key=" + MASTER_KEY, "--ledgerline.internal-service=true",
                "--ledgerline.internal-token=configured-internal-token")) {
            WebTestClient http = service.http();

            http.get().uri("/ledgers").header(InternalCredential.TOKEN_HEADER, "configured-internal-token").exchange()
                    .expectStatus().isOk();
            http.get().uri("/ledgers").header(InternalCredential.TOKEN_HEADER, InternalCredential.derive(MASTER_KEY))
                    .exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void the_gateway_is_not_an_internal_service_and_insecure_mode_checks_nothing() {
        try (var gatewayLike = ObservedTestApplication.start("--blnk.server.secure=true",
                "--blnk.server.secret-key=" + MASTER_KEY)) {
            // the gateway's own auth filter (api-gateway) decides there, not this one
            gatewayLike.http().get().uri("/ledgers").exchange().expectStatus().isOk();
            assertThat(gatewayLike.context().getBean(InternalCredential.class).token())
                    .isEqualTo(InternalCredential.derive(MASTER_KEY));
        }
        try (var insecure = ObservedTestApplication.start("--ledgerline.internal-service=true")) {
            insecure.http().get().uri("/ledgers").exchange().expectStatus().isOk();
            assertThat(insecure.context().getBeanNamesForType(InternalCredential.class)).isEmpty();
        }
    }

    @Test
    void secure_mode_without_a_master_key_refuses_to_start_with_a_clear_message() {
        assertThatThrownBy(() -> ObservedTestApplication.start("--blnk.server.secure=true",
                "--ledgerline.internal-service=true").close())
                .hasRootCauseInstanceOf(InsecureConfigurationException.class)
                .rootCause().hasMessageContaining("no master key is set");
    }

    @Test
    void the_derived_token_does_not_contain_the_master_key_and_is_stable() {
        String token = InternalCredential.derive(MASTER_KEY);
        assertThat(token).doesNotContain(MASTER_KEY).hasSize(43).isEqualTo(InternalCredential.derive(MASTER_KEY));
        assertThat(InternalCredential.derive(MASTER_KEY + "2")).isNotEqualTo(token);
    }
}
