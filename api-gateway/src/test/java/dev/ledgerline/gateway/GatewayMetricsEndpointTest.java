package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import dev.ledgerline.gateway.support.HttpClients;

/*
 * Goal: the gateway serves its Prometheus metrics at /metrics under Blnk's bearer rule — not behind
 * X-Blnk-Key, not at an open actuator path — with blnk_queue_enqueued_total counted once Kafka acked a
 * command, and HTTP RED metrics tagged service="api-gateway". Method: the gateway on a real embedded
 * broker over real HTTP; a queued transfer needs only Kafka's ack, so no processor plays along.
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {GatewayApplication.CONFIG_NAME, "blnk.enable-observability=true",
                "blnk.server.metrics-bearer-token=" + GatewayMetricsEndpointTest.TOKEN, "blnk.server.secure=true",
                "blnk.server.secret-key=" + GatewayMetricsEndpointTest.MASTER_KEY})
@DirtiesContext
class GatewayMetricsEndpointTest {

    static final String TOKEN = "gateway-scrape-token";
    static final String MASTER_KEY = "gateway-master-key";

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        EmbeddedBrokerExtension.gatewayWithoutProjection(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void metrics_follow_the_bearer_rule_and_count_what_kafka_acknowledged() {
        WebTestClient http = HttpClients.freshConnections("http://127.0.0.1:" + port);

        // given a queued transfer the gateway has put into Kafka (secure mode: sent with the master key)
        http.post().uri("/transactions").contentType(MediaType.APPLICATION_JSON).header("X-Blnk-Key", MASTER_KEY)
                .bodyValue("{\"precise_amount\":100,\"precision\":100,\"reference\":\"metrics-ref-1\",\"currency\":\"USD\","
                        + "\"source\":\"@World\",\"destination\":\"bln_dest\",\"description\":\"metrics\",\"allow_overdraft\":true}")
                .exchange().expectStatus().isCreated();

        // then /metrics refuses anything but the bearer token, even the master API key
        http.get().uri("/metrics").exchange().expectStatus().isUnauthorized();
        http.get().uri("/metrics").header("X-Blnk-Key", MASTER_KEY).exchange().expectStatus().isUnauthorized();
        // an unrouted path: 401 without a key (Blnk authenticates before routing), 404 past the door
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/prometheus").header("X-Blnk-Key", MASTER_KEY).exchange().expectStatus().isNotFound();

        // and with the token it shows the enqueue and the request, tagged with the gateway's service name
        String body = http.get().uri("/metrics").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains(
                "blnk_queue_enqueued_total{queue_name=\"ledger.transaction-commands\",service=\"api-gateway\"} 1.0");
        // one lone request: one record carrying one command
        assertThat(body).contains("ledgerline_gateway_commands_per_record_count{service=\"api-gateway\"} 1")
                .contains("ledgerline_gateway_commands_per_record_sum{service=\"api-gateway\"} 1.0");
        assertThat(body).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*"
                + "service=\"api-gateway\"[^}]*status=\"201\"[^}]*uri=\"/transactions\"[^}]*} 1");
    }
}
