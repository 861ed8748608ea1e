package dev.ledgerline.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;


import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver as a Blnk user writes one, on the JDK's HTTP server: it verifies {@code X-Blnk-Signature}
 * (hex HMAC-SHA256 of {@code X-Blnk-Timestamp + "." + body} under the shared secret) and answers 401 when it does
 * not match, answers 400 to bodies the test wants refused, 200 to everything else, and remembers every request.
 * It can be stopped (after draining: requests in progress are answered, new ones get 503) and started again on the
 * same port.
 */
final class WebhookReceiver {

    /** One request as received, and what it was answered ({@code traceparent} null when it carried none). */
    record Delivery(String eventId, String attempt, String event, String body, String customHeader,
                    boolean signatureValid, int answered, String traceparent) {
    }

    private final int port;
    private final String secret;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile Predicate<String> refuse = body -> false;
    private volatile boolean draining;
    private HttpServer server;

    WebhookReceiver(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    synchronized void start() throws IOException, InterruptedException {
        draining = false;
        server = bind();
        server.createContext("/hook", this::handle);
        server.start();
    }

    /** The same port again; the old socket's connections may hold it for a moment after a stop. */
    private HttpServer bind() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            } catch (java.net.BindException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Refuses new requests, waits for those in progress to be answered, then closes the port. */
    synchronized void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (inProgress.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        server.stop(0);
        server = null;
    }

    /** Bodies matching {@code which} are answered 400 from now on. */
    void refuse(Predicate<String> which) {
        refuse = which;
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        inProgress.incrementAndGet();
        try (exchange) {
            if (draining) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            boolean valid = verify(headers.getFirst("X-Blnk-Timestamp"), headers.getFirst("X-Blnk-Signature"), raw);
            int status = !valid ? 401 : refuse.test(body) ? 400 : 200;
            String event = Http.JSON.readTree(body).get("event").asString();
            synchronized (this) {
                deliveries.add(new Delivery(headers.getFirst("X-Ledgerline-Event-Id"),
                        headers.getFirst("X-Ledgerline-Delivery-Attempt"), event, body,
                        headers.getFirst("X-Receiver-Token"), valid, status, headers.getFirst("traceparent")));
            }
            exchange.sendResponseHeaders(status, -1);
        } finally {
            inProgress.decrementAndGet();
        }
    }

    private boolean verify(String timestamp, String signature, byte[] body) {
        return ReceivedSignature.valid(secret, timestamp, signature, body);
    }
}
