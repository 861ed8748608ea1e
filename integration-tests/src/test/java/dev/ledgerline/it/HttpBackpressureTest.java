package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The tests' HTTP client sends a write again after a backpressure refusal, and only after that one. */
class HttpBackpressureTest {

    private static final String BACKPRESSURE = "{\"error\":\"queue backpressure\",\"error_detail\":"
            + "{\"code\":\"QUEUE_BACKPRESSURE\",\"message\":\"queue backpressure\"}}";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int refusalsLeft;
    private volatile String refusal = BACKPRESSURE;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", LoopbackPorts.free()), 50);
        server.createContext("/transactions", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aWriteRefusedForBackpressureIsSentAgainAfterRetryAfter() {
        // given a gateway that refuses the first write for backpressure
        refusalsLeft = 1;

        // when
        Http.Response response = Http.post(url(), "{}");

        // then
        assertThat(response.status()).isEqualTo(201);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void concurrentWritesRefusedForBackpressureAreSentAgain() {
        // given
        refusalsLeft = 2;

        // when
        List<Integer> statuses = Http.postConcurrently(url(), List.of("{}", "{}", "{}"));

        // then
        assertThat(statuses).containsOnly(201);
        assertThat(requests.get()).isEqualTo(5);
    }

    @Test
    void anotherServiceUnavailableIsTheAnswer() {
        // given a 503 that is not backpressure
        refusalsLeft = 1;
        refusal = "{\"error\":\"down\",\"error_detail\":{\"code\":\"GEN_UNAVAILABLE\",\"message\":\"down\"}}";

        // when
        Http.Response response = Http.post(url(), "{}");

        // then
        assertThat(response.status()).isEqualTo(503);
        assertThat(requests.get()).isEqualTo(1);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/transactions";
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        boolean refuse = refusalsLeft > 0;
        if (refuse) {
            refusalsLeft--;
            exchange.getResponseHeaders().add("Retry-After", "1");
        }
        byte[] body = (refuse ? refusal : "{}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(refuse ? 503 : 201, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
