package dev.ledgerline.gateway.access;

import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.ledgerline.core.access.AccessDecision;
import dev.ledgerline.core.access.AccessPolicy;
import dev.ledgerline.core.access.ApiKeyGrant;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.error.ErrorResponseWriter;
import reactor.core.publisher.Mono;

/**
 * Blnk's authentication in front of every route ({@code X-Blnk-Key}: the master key or an API key), decided by
 * ledger-core's {@link AccessPolicy}; a refusal is written here and reaches no handler, so nothing is published.
 */
@Component
public class AccessFilter implements WebFilter, Ordered {

    static final String KEY_HEADER = "X-Blnk-Key";

    private final GatewayAccess access;
    private final ApiKeyDirectory directory;

    public AccessFilter(GatewayAccess access, ApiKeyDirectory directory) {
        this.access = access;
        this.directory = directory;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 3; // after the access log and the /metrics guard
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String presented = exchange.getRequest().getHeaders().getFirst(KEY_HEADER);
        boolean master = access.isMasterKey(presented);
        Optional<ApiKeyGrant> stored = Optional.empty();
        if (access.secure() && !master && presented != null && !presented.isEmpty()) {
            if (!directory.ready()) {
                return ErrorResponseWriter.write(exchange.getResponse(), ErrorMapper.refusal(503,
                        ErrorMapper.GEN_SERVICE_UNAVAILABLE, "API keys are still loading; retry shortly"));
            }
            stored = directory.grantForDigest(access.secrets().digest(presented));
        }
        AccessDecision decision = AccessPolicy.decide(access.secure(), path, exchange.getRequest().getMethod().name(),
                presented, master, stored, System.currentTimeMillis());
        if (!decision.outcome().allowed()) {
            return ErrorResponseWriter.write(exchange.getResponse(), ErrorMapper.refusal(decision.outcome().status(),
                    decision.outcome().code(), decision.message()));
        }
        exchange.getAttributes().put(Caller.ATTRIBUTE, decision.key() == null ? Caller.MASTER : new Caller(decision.key()));
        return chain.filter(exchange);
    }
}
