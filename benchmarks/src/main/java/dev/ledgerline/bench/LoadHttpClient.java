package dev.ledgerline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load driver's HTTP/1.1 client: keep-alive connections from one pool, served by ONE event-loop thread.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the driver runs on the machine it measures, and the JDK client cost
 * about a millisecond of CPU per request (its selector thread, executor hand-offs and per-exchange futures), as much
 * as a whole Ledgerline service; Netty's codec costs a small fraction of that, as a C load generator would.
 */
public final class LoadHttpClient implements AutoCloseable {

    /** A response: the status, the body as text and the {@code Retry-After} header (null when absent). */
    public record Answer(int status, String body, String retryAfter) {
    }

    private final HttpClient client;
    private final ConnectionProvider pool;
    private final LoopResources loops;

    /**
     * @param baseUrl        e.g. {@code http://127.0.0.1:5001}
     * @param apiKey         sent as {@code X-Blnk-Key} when not null
     * @param maxConnections most connections open at once (requests beyond wait for one)
     */
    public LoadHttpClient(String baseUrl, String apiKey, int maxConnections, Duration responseTimeout) {
        this.pool = ConnectionProvider.builder("bench-http")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .build();
        this.loops = LoopResources.create("bench-http", 1, true);
        this.client = HttpClient.create(pool)
                .runOn(loops)
                .baseUrl(baseUrl)
                .responseTimeout(responseTimeout)
                .headers(h -> {
                    h.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
                    if (apiKey != null) {
                        h.set("X-Blnk-Key", apiKey);
                    }
                });
    }

    public CompletableFuture<Answer> post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return client.post()
                .uri(path)
                .send((request, out) -> {
                    request.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                    request.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                    return out.sendByteArray(Mono.just(body));
                })
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text,
                                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER))))
                .toFuture();
    }

    public CompletableFuture<Answer> get(String path) {
        return client.get()
                .uri(path)
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text,
                                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER))))
                .toFuture();
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
        loops.disposeLater().block(Duration.ofSeconds(5));
    }
}
