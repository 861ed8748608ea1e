package dev.ledgerline.gateway.web;

import java.time.Duration;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import reactor.core.publisher.Mono;

/** Blnk's read routes, served by projection-service (ARCHITECTURE: reads returned unchanged). */
@RestController
public class ReadForwardingController {

    private static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(3);
    /** A filter is a handful of conditions (Blnk caps them at 20); 64 KB is plenty. */
    static final int MAX_FILTER_BODY_BYTES = 64 * 1024;

    private final ProjectionClient projection;

    public ReadForwardingController(ProjectionClient projection) {
        this.projection = projection;
    }

    @GetMapping({
            "/ledgers", "/ledgers/{id}",
            "/balances", "/balances/{id}", "/balances/indicator/{indicator}/currency/{currency}", "/balances/{id}/at",
            "/balances/{id}/lineage", "/transactions/{id}/lineage",
            "/transactions", "/transactions/{id}", "/transactions/reference/{reference}",
            "/integrity/seals"})
    public Mono<ResponseEntity<byte[]>> forward(ServerHttpRequest request) {
        return projection.forward(request);
    }

    /** The integrity verifier re-reads the event log from offset zero: allow it minutes, not seconds. */
    @GetMapping("/integrity/verify")
    public Mono<ResponseEntity<byte[]>> verify(ServerHttpRequest request) {
        return projection.forward(request, VERIFY_TIMEOUT);
    }

    /** Blnk's filter DSL: a read with a JSON body. An empty body is forwarded as {@code {}}. */
    @PostMapping({"/ledgers/filter", "/balances/filter", "/transactions/filter"})
    public Mono<ResponseEntity<byte[]>> filter(ServerHttpRequest request,
                                               @RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            return projection.forwardWithBody(request, "{}".getBytes());
        }
        if (body.length > MAX_FILTER_BODY_BYTES) {
            throw ErrorMapper.refusal(413, ErrorMapper.GEN_MALFORMED_REQUEST,
                    "request body too large: a filter body is at most " + MAX_FILTER_BODY_BYTES + " bytes");
        }
        Json.parseObject(body); // depth, characters and lengths checked here, before the projection sees it
        return projection.forwardWithBody(request, body);
    }
}
