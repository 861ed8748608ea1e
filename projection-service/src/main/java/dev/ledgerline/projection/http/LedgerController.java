package dev.ledgerline.projection.http;

import dev.ledgerline.projection.store.LedgerQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/** {@code GET /ledgers/{id}} and {@code GET /ledgers}. */
@RestController
public class LedgerController {

    private final LedgerQueries ledgers;

    public LedgerController(LedgerQueries ledgers) {
        this.ledgers = ledgers;
    }

    @GetMapping("/ledgers/{id}")
    public Mono<LedgerJson> ledger(@PathVariable("id") String id) {
        return ledgers.byId(id)
                .map(LedgerJson::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("LGR_NOT_FOUND", "ledger with ID '" + id + "' not found")));
    }

    @GetMapping("/ledgers")
    public Mono<List<LedgerJson>> list(@RequestParam(name = "limit", required = false) String limit,
                                       @RequestParam(name = "offset", required = false) String offset) {
        Paging paging = Paging.parse(limit, offset, 10);
        return ledgers.page(paging.limit(), paging.offset()).map(LedgerJson::of).collectList();
    }
}
