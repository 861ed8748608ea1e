package dev.ledgerline.observability.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Works around a Reactor Netty 1.3 bug (reactor-netty issue 4361, still in 1.3.7): when a request arrives on a
 * keep-alive connection while the previous one is still finishing, and is then answered synchronously on the event
 * loop, the server stops reading that connection; the client's next request waits until the client gives up. Every
 * SDK reuses connections, and many answers here are synchronous (refusals, {@code GET /}, key lists), so clients met
 * it as a request hanging for its whole timeout. Handling every exchange on another thread means no answer completes
 * while the connection handler is still draining, so the read is always re-armed. Costs one thread hop per request.
 */
public final class KeepAliveReadGuard implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // outermost
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).subscribeOn(Schedulers.parallel());
    }
}
