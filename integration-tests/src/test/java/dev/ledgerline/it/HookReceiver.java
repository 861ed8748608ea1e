package dev.ledgerline.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;


import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A hook endpoint for tests (JDK HttpServer, one thread per request so a slow path holds no other): every call is
 * recorded with its headers, body and whether its Blnk signature is valid. Paths choose the answer:
 * {@code /ok/…} answers 200 {@code {"success":true}}, {@code /fail/…} 200 {@code {"success":false}} (a failure under
 * Blnk's rule), {@code /slow/…} sleeps {@value #SLOW_MS} ms before answering (longer than any test hook's timeout).
 */
final class HookReceiver {

    static final long SLOW_MS = 4_000;

    record Call(String path, String hookId, String hookType, String eventId, String attempt, String body,
                boolean validSignature, String traceparent) {
    }

    private final String secret;
    private final List<Call> calls = new ArrayList<>();
    private HttpServer server;
    private ExecutorService threads;

    HookReceiver(String secret) {
        this.secret = secret;
    }

    synchronized int start() throws IOException {
        threads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        return server.getAddress().getPort();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    synchronized List<Call> calls(String pathPrefix) {
        return calls.stream().filter(c -> c.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            var headers = exchange.getRequestHeaders();
            String path = exchange.getRequestURI().getPath();
            Call call = new Call(path, headers.getFirst("X-Hook-ID"), headers.getFirst("X-Hook-Type"),
                    headers.getFirst("X-Ledgerline-Event-Id"), headers.getFirst("X-Ledgerline-Delivery-Attempt"),
                    new String(raw, StandardCharsets.UTF_8),
                    verify(headers.getFirst("X-Blnk-Timestamp"), headers.getFirst("X-Blnk-Signature"), raw),
                    headers.getFirst("traceparent"));
            synchronized (this) {
                calls.add(call);
            }
            if (path.startsWith("/slow/")) {
                try {
                    Thread.sleep(SLOW_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] answer = (path.startsWith("/fail/") ? "{\"success\":false,\"message\":\"no\"}"
                    : "{\"success\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // the caller gave up (timeout): nothing to answer
        }
    }

    private boolean verify(String timestamp, String signature, byte[] body) {
        return ReceivedSignature.valid(secret, timestamp, signature, body);
    }
}
