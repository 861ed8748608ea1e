package dev.ledgerline.observability.web;

import java.util.Optional;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * What the access log should say about one request beyond method, path and status: the transaction
 * it concerns. Lives in the Reactor context of the request (put there by {@link AccessLogFilter}), so
 * code deep in a reactive chain can note the id without a thread-local (WebFlux hops threads).
 */
public final class RequestLogContext {

    private static final Object KEY = RequestLogContext.class;

    private volatile String transactionId;

    RequestLogContext(String transactionId) {
        this.transactionId = transactionId;
    }

    String transactionId() {
        return transactionId;
    }

    static Object key() {
        return KEY;
    }

    /** Notes {@code transactionId} on the current request's log line (if any) when {@code work} is subscribed. */
    public static <T> Mono<T> noteTransaction(String transactionId, Mono<T> work) {
        return Mono.deferContextual(context -> {
            current(context).ifPresent(log -> log.transactionId = transactionId);
            return work;
        });
    }

    private static Optional<RequestLogContext> current(ContextView context) {
        return context.getOrEmpty(KEY);
    }
}
