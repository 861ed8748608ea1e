package dev.ledgerline.gateway.error;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import dev.ledgerline.gateway.json.Json;
import reactor.core.publisher.Mono;

/**
 * Writes every failure, from handlers or from routing and body decoding, as Blnk's error
 * envelope. Runs before Spring Boot's default handler (order -1), so no error ever leaves as
 * Boot's own JSON or as an unexplained 500.
 */
@Component
@Order(-2)
public class ErrorResponseWriter implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponseWriter.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ApiException api = ErrorMapper.toApiException(error);
        if (api.status() == 500) {
            // Unexpected: keep the stack trace. 503s (timeouts, peers down) are expected operational events.
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        } else if (api.status() >= 500) {
            log.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    api.status(), error.toString());
        }
        return write(response, api);
    }

    public static Mono<Void> write(ServerHttpResponse response, ApiException error) {
        response.setStatusCode(HttpStatusCode.valueOf(error.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = Json.write(ErrorMapper.envelope(error)).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
