package dev.ledgerline.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for projection-service: answers a request with the answer
 * configured for its path in {@link #routes}, else with the configured status and body, and records the raw (still encoded) path and query it received.
 */
public final class ProjectionStub implements AutoCloseable {

    public final List<String> rawRequests = new CopyOnWriteArrayList<>();
    /** Request bodies (UTF-8), in arrival order; empty string for a request without a body. */
    public final List<String> requestBodies = new CopyOnWriteArrayList<>();
    public volatile int status = 200;
    public volatile String body = "{}";
    /** Answers for exact raw paths (without query), taking precedence over {@link #status}/{@link #body}. */
    public final Map<String, Answer> routes = new ConcurrentHashMap<>();

    public record Answer(int status, String body) {
    }

    private final HttpServer server;

    public ProjectionStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            rawRequests.add(exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer answer = routes.getOrDefault(exchange.getRequestURI().getRawPath(), new Answer(status, body));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
