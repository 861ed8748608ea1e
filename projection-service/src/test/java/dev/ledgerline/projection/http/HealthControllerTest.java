package dev.ledgerline.projection.http;

import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.consume.ProjectionConsumer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class HealthControllerTest {

    @Test
    void health_is_down_with_a_reason_when_the_consumer_thread_is_not_running() {
        // given a consumer that was never started (the database is not even consulted then)
        ProjectionConsumer stopped = new ProjectionConsumer(
                new ConsumerSettings("127.0.0.1:1", 500, ConsumerSettings.GROUP_ID), null, new SimpleMeterRegistry());
        WebTestClient http = WebTestClient.bindToController(new HealthController(null, stopped, null, null)).build();

        // when / then
        http.get().uri("/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.reason").isEqualTo("projection consumer is not running");
    }
}
