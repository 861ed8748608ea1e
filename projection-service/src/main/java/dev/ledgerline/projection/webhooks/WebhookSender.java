package dev.ledgerline.projection.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one webhook attempt: {@code POST} of the event's body to the configured URL with Blnk's headers
 * ({@code Content-Type: application/json}, {@code X-Blnk-Timestamp} and {@code X-Blnk-Signature} when a secret is
 * set), Ledgerline's {@value WebhookEvent#ID_HEADER} and {@value #ATTEMPT_HEADER}, the event's W3C
 * {@code traceparent} when it carries one, then the configured extra headers
 * (last, so they may override the others, as in Blnk). Redirects are never followed; the response body is read and
 * thrown away (the receiver controls it, so it is never logged).
 */
public final class WebhookSender implements AutoCloseable {

    public static final String ATTEMPT_HEADER = "X-Ledgerline-Delivery-Attempt";

    private final HttpClient client;
    private final URI url;
    private final Map<String, String> extraHeaders;
    private final WebhookSignature signature;
    private final Duration timeout;
    private final Clock clock;
    /** The client's own threads, so {@link #close()} can end them (Java 17's HttpClient has no close). */
    private final java.util.concurrent.ExecutorService clientThreads;

    /** @param signature null to send unsigned (no secret key configured) */
    public WebhookSender(URI url, Map<String, String> extraHeaders, WebhookSignature signature, Duration timeout,
                         Clock clock) {
        this.url = url;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.signature = signature;
        this.timeout = timeout;
        this.clock = clock;
        this.clientThreads = java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "webhook-http");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1 as Blnk's Go client speaks to a plain-http receiver; no h2c upgrade dance
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(clientThreads)
                .build();
    }

    /** One attempt ({@code attempt} counts from 1); never throws for anything the receiver or network does. */
    public AttemptResult send(WebhookEvent event, int attempt) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(WebhookEvent.ID_HEADER, event.id())
                .header(ATTEMPT_HEADER, Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
        if (signature != null) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            request.header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, event.body()));
        }
        if (event.traceparent() != null) {
            request.header(TraceParent.HEADER, event.traceparent());
        }
        extraHeaders.forEach(request::setHeader);
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return AttemptResult.ofStatus(response.statusCode());
        } catch (IOException | RuntimeException e) {
            return AttemptResult.ofFailure(e);
        }
    }

    @Override
    public void close() {
        clientThreads.shutdownNow();
    }
}
