package dev.ledgerline.observability.web;

import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.ledgerline.observability.BlnkProperties;
import reactor.core.publisher.Mono;

/**
 * Serves {@code GET /metrics} (Prometheus text from this service's registry) and guards
 * {@code /monitoring} and {@code /monitoring/**} (the page itself is another handler's), ahead of every
 * other filter, so no API-key filter of a service ever sees these paths and no other route can shadow
 * them. {@code /metrics} exists only with {@code enable_observability} (404 otherwise, as in Blnk);
 * {@code /monitoring} exists regardless, as Blnk's queue dashboard does, under the same token rules.
 */
public final class MetricsEndpointFilter implements WebFilter, Ordered {

    public static final String METRICS_PATH = "/metrics";
    public static final String MONITORING_PATH = "/monitoring";
    /** Prometheus text exposition format 0.0.4, what every Prometheus version scrapes. */
    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final BlnkProperties properties;
    private final PrometheusMeterRegistry registry;

    public MetricsEndpointFilter(BlnkProperties properties, PrometheusMeterRegistry registry) {
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // just inside AccessLogFilter, which logs these answers too
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean metrics = METRICS_PATH.equals(path);
        boolean monitoring = MONITORING_PATH.equals(path) || path.startsWith(MONITORING_PATH + "/");
        if (!metrics && !monitoring) {
            return chain.filter(exchange);
        }
        if (metrics && !properties.enableObservability()) {
            return BlnkErrorBody.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "GEN_NOT_FOUND",
                    "404 page not found: /metrics is registered only when enable_observability is true");
        }
        MetricsAccess.Verdict verdict = MetricsAccess.decide(properties.server().secure(),
                properties.server().metricsBearerToken(), exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (verdict != MetricsAccess.Verdict.ALLOW) {
            if (verdict.status() == HttpStatus.UNAUTHORIZED) {
                exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            return BlnkErrorBody.write(exchange.getResponse(), verdict.status(), verdict.code(), verdict.message());
        }
        if (monitoring) {
            return chain.filter(exchange);
        }
        return scrape(exchange);
    }

    private Mono<Void> scrape(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.getHeaders().setAllow(java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD));
            return BlnkErrorBody.write(response, HttpStatus.METHOD_NOT_ALLOWED, "GEN_METHOD_NOT_ALLOWED",
                    "method not allowed");
        }
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(PROMETHEUS_TEXT);
        response.getHeaders().setCacheControl("no-store");
        if (method == HttpMethod.HEAD) {
            return response.setComplete();
        }
        // scrape() walks every meter; cheap enough for the event loop at Prometheus' few requests a minute.
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
