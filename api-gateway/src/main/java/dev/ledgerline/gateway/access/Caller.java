package dev.ledgerline.gateway.access;

import org.springframework.web.server.ServerWebExchange;

import dev.ledgerline.core.access.ApiKeyGrant;

/**
 * Who sent a request, as {@link AccessFilter} decided: the master (also every caller in insecure mode) or an API
 * key. Kept on the exchange for the handlers (API key management, {@code BLNK_GENERATED_BY}).
 */
public record Caller(ApiKeyGrant apiKey) {

    static final String ATTRIBUTE = Caller.class.getName();
    public static final Caller MASTER = new Caller(null);

    public boolean isMaster() {
        return apiKey == null;
    }

    public static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        return caller == null ? MASTER : caller;
    }
}
