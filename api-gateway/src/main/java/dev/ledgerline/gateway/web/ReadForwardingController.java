package dev.ledgerline.gateway.web;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Blnk's read routes, served by projection-service (ARCHITECTURE: reads returned unchanged). */
@RestController
public class ReadForwardingController {

    private final ProjectionClient projection;

    public ReadForwardingController(ProjectionClient projection) {
        this.projection = projection;
    }

    @GetMapping({
            "/ledgers", "/ledgers/{id}",
            "/balances", "/balances/{id}", "/balances/indicator/{indicator}/currency/{currency}",
            "/transactions", "/transactions/{id}", "/transactions/reference/{reference}"})
    public Mono<ResponseEntity<byte[]>> forward(ServerHttpRequest request) {
        return projection.forward(request);
    }
}
