package dev.ledgerline.gateway.web;

import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.error.ErrorResponseWriter;
import reactor.core.publisher.Mono;

/**
 * Paths and query strings are forwarded to projection-service as written: one with an encoded control character
 * ({@code %00} …) or an absurd length is refused here with a 400, before it can reach a database query.
 */
@Component
public class RequestTargetFilter implements WebFilter, Ordered {

    static final int MAX_TARGET_LENGTH = 8 * 1024;
    private static final Pattern ENCODED_CONTROL = Pattern.compile("(?i)%(?:[01][0-9a-f]|7f)");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 4; // after authentication: an anonymous caller learns nothing more
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        String query = exchange.getRequest().getURI().getRawQuery();
        String target = query == null ? path : path + "?" + query;
        if (target.length() > MAX_TARGET_LENGTH) {
            return ErrorResponseWriter.write(exchange.getResponse(), ErrorMapper.refusal(400,
                    ErrorMapper.GEN_MALFORMED_REQUEST, "request path and query are longer than " + MAX_TARGET_LENGTH + " characters"));
        }
        if (ENCODED_CONTROL.matcher(target).find()) {
            return ErrorResponseWriter.write(exchange.getResponse(), ErrorMapper.refusal(400,
                    ErrorMapper.GEN_MALFORMED_REQUEST, "request path or query contains a control character"));
        }
        return chain.filter(exchange);
    }
}
