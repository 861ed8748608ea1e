package dev.ledgerline.gateway.web;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Balance snapshots are derived from the projection's hash-chained entries, not ledger data: the projection builds
 * and serves them, so these routes are forwarded as they came. {@code POST /balances-snapshots} is Blnk's (master key
 * only when secure, as there); the two reads are Ledgerline's.
 */
@RestController
public class BalanceSnapshotController {

    private static final byte[] NO_BODY = "{}".getBytes();

    private final ProjectionClient projection;

    public BalanceSnapshotController(ProjectionClient projection) {
        this.projection = projection;
    }

    @PostMapping("/balances-snapshots")
    public Mono<ResponseEntity<byte[]>> start(ServerHttpRequest request) {
        return projection.forwardWithBody(request, NO_BODY);
    }

    @GetMapping({"/balances-snapshots", "/balances/{id}/snapshots"})
    public Mono<ResponseEntity<byte[]>> read(ServerHttpRequest request) {
        return projection.forward(request);
    }
}
