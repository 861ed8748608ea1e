package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.web.ProjectionClient;

class ProjectionClientTest {

    @Test
    void anUnreachableProjectionGivesA503Envelope() throws IOException {
        // Given a projection URL on which nothing listens
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        GatewayProperties properties = new GatewayProperties(new GatewayProperties.Kafka("127.0.0.1:1", 5, 5, true, "lz4"),
                "http://127.0.0.1:" + freePort, new GatewayProperties.Topics(Duration.ofSeconds(1)), Duration.ofSeconds(1),
                new GatewayProperties.Backpressure(false, 0, Duration.ofMillis(500), "ledgerline-processor", Duration.ZERO, Duration.ZERO,
                        "ledgerline-projection", Duration.ZERO));
        ProjectionClient client = new ProjectionClient(properties);

        // When a read is forwarded
        Throwable error = catchThrowable(() -> client.forward(MockServerHttpRequest.get("/balances/bln_1").build())
                .block(Duration.ofSeconds(15)));

        // Then it fails as 503 GEN_SERVICE_UNAVAILABLE
        assertThat(error).isInstanceOf(ApiException.class);
        assertThat(((ApiException) error).status()).isEqualTo(503);
        assertThat(((ApiException) error).code()).isEqualTo("GEN_SERVICE_UNAVAILABLE");
    }
}
