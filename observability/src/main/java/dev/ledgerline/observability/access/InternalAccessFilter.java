package dev.ledgerline.observability.access;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.ledgerline.observability.web.BlnkErrorBody;
import dev.ledgerline.observability.web.MetricsEndpointFilter;
import reactor.core.publisher.Mono;

/**
 * Secure mode on an internal service (projection-service, ledger-processor): every route but {@code /health}
 * needs the {@link InternalCredential}. {@code /metrics} and {@code /monitoring} keep Blnk's bearer-token rules
 * ({@link MetricsEndpointFilter}, which runs first), so Prometheus scrapes them as it scrapes the gateway.
 */
public final class InternalAccessFilter implements WebFilter, Ordered {

    static final String MISSING = "Authentication required. Use X-Blnk-Key header";
    static final String INVALID = "Invalid API key";

    private final InternalCredential credential;

    public InternalAccessFilter(InternalCredential credential) {
        this.credential = credential;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2; // after the access log and the metrics guard
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isOpen(path)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String key = headers.getFirst(InternalCredential.BLNK_KEY_HEADER);
        String token = headers.getFirst(InternalCredential.TOKEN_HEADER);
        if (isEmpty(key) && isEmpty(token)) {
            return BlnkErrorBody.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "AUTH_MISSING_API_KEY", MISSING);
        }
        if (!credential.accepts(key, token)) {
            return BlnkErrorBody.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "AUTH_INVALID_API_KEY", INVALID);
        }
        return chain.filter(exchange);
    }

    static boolean isOpen(String path) {
        return path.equals("/health")
                || path.equals(MetricsEndpointFilter.METRICS_PATH)
                || path.equals(MetricsEndpointFilter.MONITORING_PATH)
                || path.startsWith(MetricsEndpointFilter.MONITORING_PATH + "/");
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
