package dev.ledgerline.observability.web;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Blnk's access log line {@code "http request"} with {@code method}, {@code path} (query values
 * redacted), {@code status}, {@code latency_ms}, {@code client_ip}, and {@code transaction_id} when the
 * request concerns one (a {@code txn_} id in the path, or one noted with
 * {@link RequestLogContext#noteTransaction}). Key-value pairs, so the JSON log has them as fields.
 */
public final class AccessLogFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger("dev.ledgerline.http");
    private static final String TRANSACTION_PREFIX = "txn_";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // outermost: it also logs what MetricsEndpointFilter answers
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long startNanos = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        RequestLogContext context = new RequestLogContext(transactionIdInPath(request.getPath().value()));
        return chain.filter(exchange)
                .contextWrite(Context.of(RequestLogContext.key(), context))
                .doFinally(signal -> {
                    HttpStatusCode status = exchange.getResponse().getStatusCode();
                    InetSocketAddress remote = request.getRemoteAddress();
                    var line = log.atInfo().setMessage("http request")
                            .addKeyValue("method", request.getMethod().name())
                            .addKeyValue("path", request.getURI().getRawPath()
                                    + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery()))
                            .addKeyValue("status", status == null ? 200 : status.value())
                            .addKeyValue("latency_ms", (System.nanoTime() - startNanos) / 1_000_000)
                            .addKeyValue("client_ip", remote == null || remote.getAddress() == null ? ""
                                    : remote.getAddress().getHostAddress());
                    if (context.transactionId() != null) {
                        line = line.addKeyValue("transaction_id", context.transactionId());
                    }
                    line.log();
                });
    }

    static String transactionIdInPath(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith(TRANSACTION_PREFIX)) {
                return segment;
            }
        }
        return null;
    }
}
