package dev.ledgerline.gateway.support;

import java.time.Duration;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The HTTP client the gateway tests talk to the running gateway with. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * A fresh connection per request: under CI load a pooled keep-alive connection was occasionally reused
     * as it closed and the request waited out the timeout (seen in this module and in projection-service).
     */
    public static WebTestClient freshConnections(String baseUrl) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }
}
