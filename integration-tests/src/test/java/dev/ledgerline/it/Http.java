package dev.ledgerline.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small real HTTP client for the tests (JDK HttpClient + Jackson), with polling for eventual reads.
 *
 * <p>Like a well-behaved Blnk client it honours backpressure: a write answered {@code 503 QUEUE_BACKPRESSURE} is sent
 * again after its {@code Retry-After}, for up to {@link #BACKPRESSURE_PATIENCE}. The suites share one stack, so a
 * test that follows a heavy one (a batch of 10,000 on a slow CI machine) may find the gate closed for a few seconds,
 * which is the gateway doing its job; the gateway's own tests assert the 503 itself.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration BACKPRESSURE_PATIENCE = Duration.ofSeconds(120);

    record Response(int status, JsonNode body, String raw) {
    }

    private Http() {
    }

    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** A POST allowed to take up to {@code timeout} (large bulk batches). */
    static Response post(String url, String json, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
    }

    static Response post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Response put(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method without a body or key (e.g. DELETE), read like the others. */
    static Response withKeyless(String method, String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Any method, with {@code X-Blnk-Key} when {@code key} is given (secure-mode tests); the raw answer. */
    static HttpResponse<String> withKey(String method, String url, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("X-Blnk-Key", key);
        }
        return sendHonouringBackpressure(request.build());
    }

    /** Sends all {@code bodies} to {@code url} at once and returns the HTTP statuses, in order. */
    static java.util.List<Integer> postConcurrently(String url, java.util.List<String> bodies) {
        java.util.List<java.util.concurrent.CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + BACKPRESSURE_PATIENCE.toNanos();
        for (String body : bodies) {
            calls.add(sendAsyncHonouringBackpressure(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), deadline)
                    .thenApply(HttpResponse::statusCode));
        }
        return calls.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    }

    /** GETs {@code url} until {@code done} holds (or the deadline passes) and returns the last response. */
    static Response await(String url, Predicate<Response> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = get(url);
        while (!done.test(last) && System.nanoTime() < deadline) {
            sleep(50);
            last = get(url);
        }
        return last;
    }

    private static Response send(HttpRequest.Builder request) {
        return send(request, Duration.ofSeconds(30));
    }

    private static Response send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = sendHonouringBackpressure(request.timeout(timeout).build());
            JsonNode body = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank() && (raw.startsWith("{") || raw.startsWith("["))) {
                body = JSON.readTree(raw);
            }
            return new Response(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The synchronous form of {@link #sendAsyncHonouringBackpressure}: one retry rule for both. */
    private static HttpResponse<String> sendHonouringBackpressure(HttpRequest request)
            throws IOException, InterruptedException {
        try {
            return sendAsyncHonouringBackpressure(request, System.nanoTime() + BACKPRESSURE_PATIENCE.toNanos()).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendAsyncHonouringBackpressure(HttpRequest request,
                                                                                        long deadline) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            long retryAfterMs = backpressureRetryAfterMs(response, deadline);
            if (retryAfterMs < 0) {
                return CompletableFuture.completedFuture(response);
            }
            return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(retryAfterMs, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> sendAsyncHonouringBackpressure(request, deadline));
        });
    }

    /**
     * How long to wait before sending again when {@code response} is the gateway's backpressure refusal and the
     * patience has not run out (its {@code Retry-After}, 1 s when absent); -1 when the response is the answer.
     */
    private static long backpressureRetryAfterMs(HttpResponse<String> response, long deadline) {
        if (response.statusCode() != 503 || response.body() == null
                || !response.body().contains("\"QUEUE_BACKPRESSURE\"") || System.nanoTime() > deadline) {
            return -1;
        }
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        System.err.printf("backpressure: %s %s answered 503 QUEUE_BACKPRESSURE; sending again in %d s%n",
                response.request().method(), response.request().uri().getPath(), seconds);
        return Math.max(1, seconds) * 1000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
