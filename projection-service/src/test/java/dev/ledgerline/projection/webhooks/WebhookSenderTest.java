package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/*
 * Goal: one attempt sends Blnk's request (body, Content-Type, X-Blnk-Timestamp/Signature when signed) plus the event
 * id, lets configured headers override, never follows a redirect, and classifies what came back. Method: a real JDK
 * HttpServer on a free loopback port, a fixed clock.
 */
class WebhookSenderTest {

    private static final Clock AT_1700000000 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final WebhookEvent EVENT = new WebhookEvent("ledger.ledgers-0-7", "ledger.created",
            "{\"event\":\"ledger.created\",\"data\":{\"ledger_id\":\"ldg_1\"}}".getBytes(StandardCharsets.UTF_8));

    private final List<Headers> received = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestHeaders());
                paths.add(exchange.getRequestURI().getPath());
                switch (exchange.getRequestURI().getPath()) {
                    case "/moved" -> {
                        exchange.getResponseHeaders().add("Location", "/elsewhere");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/busy" -> exchange.sendResponseHeaders(503, -1);
                    default -> exchange.sendResponseHeaders(204, -1);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    @Test
    void a_signed_attempt_carries_blnks_headers_the_event_id_and_the_configured_ones_last() throws Exception {
        // given a sender with a secret and a header that overrides Content-Type, as Blnk allows
        try (WebhookSender sender = sender("/hook", Map.of("X-Api-Key", "k-123", "Content-Type", "application/vnd+json"),
                new WebhookSignature("blnk-secret-key"))) {

            // when one attempt is made
            AttemptResult result = sender.send(EVENT, 2);

            // then it is delivered with Blnk's signature of the known vector and Ledgerline's ids
            assertThat(result.kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
            Headers headers = received.get(0);
            assertThat(headers.getFirst("X-Blnk-Timestamp")).isEqualTo("1700000000");
            assertThat(headers.getFirst("X-Blnk-Signature"))
                    .isEqualTo("b27f819d0d1705f48f10571c30a3f559c90c51ec14e7aaf9701bf2fde77f4936");
            assertThat(headers.getFirst("X-Ledgerline-Event-Id")).isEqualTo("ledger.ledgers-0-7");
            assertThat(headers.getFirst("X-Ledgerline-Delivery-Attempt")).isEqualTo("2");
            assertThat(headers.getFirst("X-Api-Key")).isEqualTo("k-123");
            assertThat(headers.get("Content-Type")).containsExactly("application/vnd+json");
        }
    }

    @Test
    void without_a_secret_the_attempt_is_unsigned_as_in_blnk() throws Exception {
        try (WebhookSender sender = sender("/hook", Map.of(), null)) {
            assertThat(sender.send(EVENT, 1).kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
        }

        assertThat(received.get(0).containsKey("X-Blnk-Signature")).isFalse();
        assertThat(received.get(0).containsKey("X-Blnk-Timestamp")).isFalse();
        assertThat(received.get(0).getFirst("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void the_events_trace_context_goes_along_as_traceparent_and_none_is_invented() throws Exception {
        // given an event made from a record that carried a W3C traceparent, and one made from a record that did not
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (WebhookSender sender = sender("/hook", Map.of(), null)) {

            // when both are sent
            sender.send(EVENT.tracedBy(traceparent), 1);
            sender.send(EVENT, 1);
        }

        // then the first request carries it unchanged and the second carries none
        assertThat(received.get(0).get("traceparent")).containsExactly(traceparent);
        assertThat(received.get(1).containsKey("traceparent")).isFalse();
    }

    @Test
    void a_redirect_is_not_followed_and_counts_as_refused() throws Exception {
        try (WebhookSender sender = sender("/moved", Map.of(), null)) {
            AttemptResult result = sender.send(EVENT, 1);

            assertThat(result).isEqualTo(new AttemptResult(AttemptResult.Kind.REFUSED, "302"));
        }
        assertThat(paths).containsExactly("/moved");
    }

    @Test
    void a_busy_or_absent_receiver_is_unavailable() throws Exception {
        try (WebhookSender busy = sender("/busy", Map.of(), null)) {
            assertThat(busy.send(EVENT, 1).kind()).isEqualTo(AttemptResult.Kind.UNAVAILABLE);
        }
        int port = server.getAddress().getPort();
        server.stop(0);
        try (WebhookSender absent = new WebhookSender(URI.create("http://127.0.0.1:" + port + "/hook"), Map.of(), null,
                Duration.ofSeconds(5), AT_1700000000)) {
            assertThat(absent.send(EVENT, 1)).isEqualTo(new AttemptResult(AttemptResult.Kind.UNAVAILABLE,
                    "ConnectException"));
        }
    }

    private WebhookSender sender(String path, Map<String, String> headers, WebhookSignature signature) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new WebhookSender(url, headers, signature, Duration.ofSeconds(5), AT_1700000000);
    }
}
