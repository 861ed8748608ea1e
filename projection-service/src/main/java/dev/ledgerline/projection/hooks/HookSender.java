package dev.ledgerline.projection.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.ledgerline.projection.webhooks.TraceParent;
import dev.ledgerline.projection.webhooks.WebhookEvent;
import dev.ledgerline.projection.webhooks.WebhookSender;
import dev.ledgerline.projection.webhooks.WebhookSignature;

/**
 * Calls one hook: {@code POST} of the body to the hook's URL with Blnk's headers ({@code Content-Type},
 * {@code X-Blnk-Timestamp} and {@code X-Blnk-Signature} when a secret key is set — Blnk signs with an empty key
 * when none is — {@code X-Hook-ID}, {@code X-Hook-Type}) and Ledgerline's event id and attempt number (and the transaction
 * record's W3C {@code traceparent} when it carried one); the hook's
 * {@code timeout} bounds connecting and answering. Redirects are not followed. At most {@value #MAX_ANSWER_BYTES}
 * bytes of the answer are read, for {@link HookAnswer}, and never logged.
 */
final class HookSender implements AutoCloseable {

    static final String HOOK_ID_HEADER = "X-Hook-ID";
    static final String HOOK_TYPE_HEADER = "X-Hook-Type";
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final URI url;
    private final Duration timeout;
    private final WebhookSignature signature;
    private final Clock clock;
    private final ExecutorService clientThreads;
    private final HttpClient client;

    /** @param signature null: unsigned (no secret key configured) */
    HookSender(URI url, Duration timeout, WebhookSignature signature, Clock clock, String threadName) {
        this.url = url;
        this.timeout = timeout;
        this.signature = signature;
        this.clock = clock;
        this.clientThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(clientThreads)
                .build();
    }

    /** One attempt; never throws for anything the endpoint or the network does. */
    HookAttempt send(HookCall call, int attempt) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(HOOK_ID_HEADER, call.hookId())
                .header(HOOK_TYPE_HEADER, call.type().name())
                .header(WebhookEvent.ID_HEADER, call.eventId())
                .header(WebhookSender.ATTEMPT_HEADER, Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        if (signature != null) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            request.header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, call.body()));
        }
        if (call.traceparent() != null) {
            request.header(TraceParent.HEADER, call.traceparent());
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream body = response.body()) {
                answer = body.readNBytes(MAX_ANSWER_BYTES);
            }
            boolean success = HookAnswer.succeeded(response.statusCode(), answer);
            return new HookAttempt(success ? HookAttempt.Outcome.SUCCEEDED : HookAttempt.Outcome.FAILED,
                    Integer.toString(response.statusCode()));
        } catch (HttpTimeoutException e) {
            return new HookAttempt(HookAttempt.Outcome.TIMED_OUT, e.getClass().getSimpleName());
        } catch (IOException | RuntimeException e) {
            return new HookAttempt(HookAttempt.Outcome.UNREACHABLE, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        clientThreads.shutdownNow();
    }
}
