package dev.ledgerline.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/*
 * Goal: projection-service's /health says DOWN with the reason when Kafka or PostgreSQL is unreachable,
 * and its /metrics follows Blnk's bearer-token rule with the service tag "projection". Method: the real
 * application on an embedded PostgreSQL, pointed at a Kafka port nothing listens on; then PostgreSQL is
 * stopped under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionHealthAndMetricsTest {

    private static final String TOKEN = "projection-scrape-token";

    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext app;
    private WebTestClient http;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE ledgerline");
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        app = new SpringApplicationBuilder(ProjectionApplication.class).properties(ProjectionApplication.CONFIG_NAME).run(
                "--server.port=0",
                "--ledgerline.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/ledgerline",
                "--spring.r2dbc.username=postgres", "--spring.r2dbc.password=",
                "--blnk.enable-observability=true", "--blnk.server.metrics-bearer-token=" + TOKEN);
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void metrics_need_the_bearer_token_and_carry_the_projection_service_tag() {
        http.get().uri("/metrics").exchange().expectStatus().isUnauthorized();
        http.get().uri("/metrics").header("X-Blnk-Key", TOKEN).exchange().expectStatus().isUnauthorized();

        String body = http.get().uri("/metrics").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).containsPattern("jvm_threads_live_threads\\{[^}]*service=\"projection\"");
        // the actuator's Prometheus path, open before, is gone
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    }

    @Test
    @Order(2)
    void health_is_down_naming_kafka_when_the_broker_is_unreachable() {
        http.get().uri("/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.reason").value(reason -> assertThat((String) reason).startsWith("kafka unreachable"));
    }

    @Test
    @Order(3)
    void health_is_down_naming_the_database_once_postgresql_stops() throws Exception {
        postgres.close();
        postgres = null;

        http.get().uri("/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.reason").value(reason -> assertThat((String) reason).startsWith("database unreachable"));
    }
}
