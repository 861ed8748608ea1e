package dev.ledgerline.gateway.backpressure;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.error.ErrorResponseWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * While the processor's backlog is over its limit, a request that would start new work (a transaction, a bulk
 * batch, a refund) is answered 503 {@code QUEUE_BACKPRESSURE} with {@code Retry-After}, before anything is published.
 * Reads, and commits and voids of holds already placed, go through: they finish work instead of adding it.
 */
@Component
public class BackpressureFilter implements WebFilter, Ordered {

    static final String CODE = "QUEUE_BACKPRESSURE";

    private final ProcessorBacklog backlog;
    private final Map<BacklogGate.Cause, Counter> refused = new EnumMap<>(BacklogGate.Cause.class);

    public BackpressureFilter(ProcessorBacklog backlog, MeterRegistry meters) {
        this.backlog = backlog;
        for (BacklogGate.Cause cause : List.of(BacklogGate.Cause.DEPTH, BacklogGate.Cause.WAIT, BacklogGate.Cause.AGE,
                BacklogGate.Cause.PROJECTION_LAG)) {
            refused.put(cause, refusedCounter(meters, cause));
        }
    }

    private static Counter refusedCounter(MeterRegistry meters, BacklogGate.Cause cause) {
        return Counter.builder("blnk.queue.backpressure.rejected")
                .description("transaction writes refused with 503 QUEUE_BACKPRESSURE while the processor's backlog or the projection's lag was over its limit")
                .tag("reason", cause.label())
                .register(meters);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5; // after authentication and the request-target check
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!backlog.overLimit() || !startsNewWork(exchange)) {
            return chain.filter(exchange);
        }
        BacklogGate.Cause cause = backlog.cause();
        refused.getOrDefault(cause, refused.get(BacklogGate.Cause.DEPTH)).increment();
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(backlog.retryAfterSeconds()));
        String what = cause == BacklogGate.Cause.PROJECTION_LAG ? "the read model is behind by more than its limit"
                : "the processor's backlog is over its limit";
        return ErrorResponseWriter.write(exchange.getResponse(), ErrorMapper.refusal(503, CODE,
                "queue backpressure: " + what + "; retry after the Retry-After delay"));
    }

    static boolean startsNewWork(ServerWebExchange exchange) {
        if (exchange.getRequest().getMethod() != HttpMethod.POST) {
            return false;
        }
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals("/transactions") || path.equals("/transactions/bulk") || path.startsWith("/refund-transaction/");
    }
}
